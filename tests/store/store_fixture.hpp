#pragma once
// A fresh database file in its own temporary directory, removed afterwards,
// and short-hands for building writes.

#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_resource_store.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <unistd.h>

namespace store_test {

class temp_dir {
public:
    temp_dir() {
        static std::atomic<int> counter{0};
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("scim_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                 std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

struct store_fixture {
    temp_dir dir;
    std::filesystem::path file = dir.path() / "store.db";
    std::shared_ptr<store::database> db = store::database::open({file});
    store::sqlite_resource_store resources{db};
};

inline store::resource_write user(const std::string& id, const std::string& user_name, std::int64_t expected = 0) {
    store::resource_write write;
    write.key = {"acme", "User", id};
    write.expected_version = expected;
    write.json = R"({"id":")" + id + R"(","userName":")" + user_name + R"("})";
    write.index.unique_name = user_name;
    write.index.user_name = user_name;
    return write;
}

// A group member as the service writes it: its object with just its id.
inline store::member_entry member(const std::string& id) {
    return {id, R"({"value":")" + id + R"("})"};
}

inline store::resource_write group(const std::string& id, const std::string& display_name, std::int64_t expected = 0) {
    store::resource_write write;
    write.key = {"acme", "Group", id};
    write.expected_version = expected;
    write.json = R"({"id":")" + id + R"(","displayName":")" + display_name + R"("})";
    write.index.unique_name = display_name;
    write.index.display_name = display_name;
    return write;
}

} // namespace store_test
