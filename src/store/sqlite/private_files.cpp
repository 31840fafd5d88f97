#include "store/sqlite/private_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace store {

namespace fs = std::filesystem;

void make_store_files_private(const fs::path& database)
{
    // O_EXCL: only a file this call creates gets its mode from here; an
    // existing one is tightened below.
    const int fd = ::open(database.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        ::close(fd);
    else if (errno != EEXIST)
        throw fs::filesystem_error("cannot create the store file", database,
                                   std::error_code(errno, std::generic_category()));
    for (const auto& file : {database, fs::path(database.string() + "-wal"), fs::path(database.string() + "-shm")}) {
        std::error_code missing;
        const auto status = fs::status(file, missing);
        if (missing || !fs::is_regular_file(status))
            continue;
        const auto others = fs::perms::group_all | fs::perms::others_all;
        if ((status.permissions() & others) != fs::perms::none)
            fs::permissions(file, others, fs::perm_options::remove);
    }
}

} // namespace store
