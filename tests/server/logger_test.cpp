#include "server/access_log.hpp"
#include "server/json_line.hpp"
#include "server/log_line.hpp"
#include "server/logger.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

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

namespace {

// The keys every line starts with, in order.
const std::vector<std::string> head_keys{"timestamp", "level", "event", "message", "request_id", "target",
                                         "vendor_call"};

std::vector<std::string> keys_of(const boost::json::object& line) {
    std::vector<std::string> keys;
    for (const auto& entry : line) keys.emplace_back(entry.key());
    return keys;
}

} // namespace

TEST_CASE("event and access lines share their first keys, event names in one style", "[server][logger]") {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
    REQUIRE(file);
    server::logger events(config::log_level::info, file.get());
    events.warn("pending vendor intent", {{"request_id", "req-7"}, {"target", "acme"}, {"vendor_request", "v-9"},
                                          {"intent", "3"}, {"password", "pw-123"}});
    events.info("server_started", {{"port", "8080"}});
    std::ostringstream access_text;
    {
        server::access_log access(access_text);
        server::access_record record;
        record.time = std::chrono::system_clock::now();
        record.request_id = "req-8";
        record.target = "acme";
        record.method = "GET";
        record.request_target = "/scim/v2/acme/Users?access_token=tok-456";
        record.status = 200;
        access.record(record);
    }
    std::istringstream lines(contents(file.get()) + access_text.str());
    std::vector<boost::json::object> parsed;
    for (std::string line; std::getline(lines, line);) parsed.push_back(boost::json::parse(line).as_object());
    REQUIRE(parsed.size() == 3);
    for (const auto& line : parsed) {
        const auto keys = keys_of(line);
        REQUIRE(keys.size() >= head_keys.size());
        CHECK(std::vector<std::string>(keys.begin(), keys.begin() + 7) == head_keys);
    }
    CHECK(parsed[0].at("event") == "pending_vendor_intent");
    CHECK(parsed[0].at("message") == "pending vendor intent");  // the call site's sentence
    CHECK(parsed[0].at("request_id") == "req-7");
    CHECK(parsed[0].at("target") == "acme");
    CHECK(parsed[0].at("vendor_call") == "v-9");
    CHECK(parsed[0].at("intent") == "3");
    CHECK(parsed[0].at("password") == "***");
    CHECK(parsed[1].at("event") == "server_started");
    CHECK(parsed[1].at("message").is_null());
    CHECK(parsed[1].at("request_id").is_null());
    CHECK(parsed[2].at("event") == "http_request");
    CHECK(parsed[2].at("level") == "info");
    CHECK(parsed[2].at("request_id") == "req-8");
    CHECK(parsed[2].at("path") == "/scim/v2/acme/Users?access_token=***");
    const std::string all = contents(file.get()) + access_text.str();
    CHECK(all.find("pw-123") == std::string::npos);
    CHECK(all.find("tok-456") == std::string::npos);
}

TEST_CASE("log.format text: the same fields for a terminal", "[server][logger]") {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
    REQUIRE(file);
    server::logger events(config::log_level::info, file.get(), config::log_format::text);
    events.warn("vendor job failed", {{"target", "acme"}, {"error", "quota \"exceeded\""}, {"api_key", "k-1"}});
    const std::string text = contents(file.get());
    INFO(text);
    CHECK(text.size() > 25);
    CHECK(text[10] == 'T');
    CHECK(text.find(" WARN  vendor_job_failed message=\"vendor job failed\" target=acme") == 24);
    CHECK(text.find(" target=acme error=\"quota \\\"exceeded\\\"\" api_key=***\n") != std::string::npos);
    CHECK(text.find("request_id") == std::string::npos);  // absent values are left out
    CHECK(text.find("k-1") == std::string::npos);

    std::ostringstream access_text;
    {
        server::access_log access(access_text, config::log_format::text);
        server::access_record record;
        record.time = std::chrono::system_clock::now();
        record.request_id = "req-8";
        record.method = "GET";
        record.request_target = "/healthz";
        record.status = 200;
        access.record(record);
    }
    CHECK(access_text.str().find(" INFO  http_request request_id=req-8 remote=\"\" method=GET path=/healthz status=200") !=
          std::string::npos);
}

TEST_CASE("event names: lower case, one underscore for every run of other characters", "[server][logger]") {
    CHECK(server::event_name("pending vendor intent") == "pending_vendor_intent");
    CHECK(server::event_name("Target Paused!") == "target_paused");
    CHECK(server::event_name("server_started") == "server_started");
    CHECK(server::event_name("  ") == "event");
}
