#include "app/store_opening.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace app {

store::store_set open_store(const config::store_config& config, unsigned readers)
{
    return store::open_sqlite_store({config.path}, store::sqlite_executor_options{readers, 256});
}

} // namespace app
