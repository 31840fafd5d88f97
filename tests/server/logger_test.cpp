#include "server/json_line.hpp"
#include "server/logger.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

namespace {

std::string contents(std::FILE* file) {
    std::rewind(file);
    std::string text;
    char chunk[512];
    while (const std::size_t read = std::fread(chunk, 1, sizeof chunk, file)) text.append(chunk, read);
    return text;
}

} // namespace

TEST_CASE("the logger filters by level, writes JSON lines and masks secret fields", "[server][logger]") {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
    REQUIRE(file);
    server::logger events(config::log_level::info, file.get());
    events.debug("hidden");
    events.warn("vendor_slow", {{"target", "acme"}, {"api_key", "k-123"}, {"detail", "line\nbreak \"quoted\""}});
    const std::string text = contents(file.get());
    REQUIRE(text.find("hidden") == std::string::npos);
    REQUIRE(text.find("k-123") == std::string::npos);
    REQUIRE(std::count(text.begin(), text.end(), '\n') == 1);
    const auto line = boost::json::parse(text).as_object();
    CHECK(line.at("level") == "warn");
    CHECK(line.at("event") == "vendor_slow");
    CHECK(line.at("target") == "acme");
    CHECK(line.at("api_key") == "***");
    CHECK(line.at("detail") == "line\nbreak \"quoted\"");
}

TEST_CASE("rfc3339_utc formats UTC with milliseconds", "[server][logger]") {
    const auto time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'042));
    CHECK(server::rfc3339_utc(time) == "2023-11-14T22:13:20.042Z");
}
