#pragma once
// An in-process stand-in for the generic test vendor that
// mappings/example-vendor.yaml describes: login tokens, x-tenant-id, users
// (CRUD, deactivate/reactivate), groups and members, RFC 9457-style errors,
// and injectable faults. For mappings of other update styles than the
// shipped one: PATCH /users/{id} merges (null removes a member), and
// PUT /users/{id}/fields/{name} sets one field to the body. Beast over coroutines on its own thread, port 0.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>

#include <cstdint>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bridge_test {

inline constexpr const char* vendor_password = "vendor-admin-secret-4711";
inline constexpr const char* vendor_tenant = "tenant-42";

struct vendor_call {
    std::string method;
    std::string target;  // as received, /api/…
    unsigned status = 0;
};

// Answer `times` matching requests (method and target prefix) with `status`
// and `body` instead of serving them (-1: until cleared).
struct vendor_fault {
    std::string method;
    std::string target_prefix;
    unsigned status = 500;
    boost::json::value body;
    int times = 1;
    // The vendor applies the call, then answers with the fault: the answer
    // is lost on the way (a gateway timeout, a crash on our side).
    bool after_applying = false;
    // Headers of the fault's answer (Retry-After …).
    std::vector<std::pair<std::string, std::string>> headers = {};
    // No answer at all: the connection is closed once the request was read
    // (and applied, with after_applying).
    bool drop_connection = false;
    // The first `skip` matching calls are served normally (a vendor that
    // goes away after them).
    int skip = 0;
};

class example_vendor {
public:
    example_vendor();
    ~example_vendor();

    std::uint16_t port() const { return port_; }
    std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

    void add_fault(vendor_fault fault);
    void clear_faults();
    // Answers to `method` calls on paths starting with `path_prefix` wait
    // this long after the call was applied (0: no delay).
    void set_answer_delay(std::string method, std::string path_prefix, std::chrono::milliseconds delay);

    // Snapshots (thread-safe).
    std::optional<boost::json::object> user(const std::string& id) const;
    std::optional<boost::json::object> group(const std::string& id) const;
    std::size_t user_count() const;
    std::vector<vendor_call> calls() const;
    // The calls after the first `from`, each as "METHOD target".
    std::vector<std::string> calls_since(std::size_t from) const;

    // Changes made at the vendor behind the bridge's back (an admin in the
    // vendor's own UI), for reconcile's tests.
    void edit_user(const std::string& id, const std::function<void(boost::json::object&)>& edit);
    bool erase_user(const std::string& id);
    std::string add_user(boost::json::object record);  // returns the id the vendor assigns
    // Vendors seen in the field: a list answer that is a summary (these user
    // fields left out of each listed record), and a field a PUT accepts and
    // silently keeps at its old value.
    void set_list_leaves_out(std::vector<std::string> fields);
    void set_put_ignores(std::string field);
    // The origin ("http://host:port") of the next-page links the vendor
    // hands out in `GET /api/users?size=N[&after=K]` (default: its own), so
    // that a test can make it point elsewhere.
    void set_next_link_origin(std::string origin);

private:
    struct reply {
        unsigned status = 200;
        boost::json::value body;  // null: no body
        int delay_ms = 0;         // before the answer is sent
        std::string link;         // a Link header (RFC 8288), when not empty
        std::vector<std::pair<std::string, std::string>> headers = {};
        bool drop_connection = false;
    };
    reply handle(const std::string& method, const std::string& target, const std::string& tenant,
                 const std::string& authorization, const std::string& body);
    reply serve(const std::string& method, const std::string& path, const std::string& query,
                const boost::json::value& body);
    void accept_loop();

    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    std::thread runner_;

    mutable std::mutex mutex_;
    std::map<std::string, boost::json::object> users_;
    std::map<std::string, boost::json::object> groups_;
    // Memberships with ids of their own (POST /api/groups/{id}/memberships,
    // DELETE /api/memberships/{membershipId}): id -> {groupId, userId}.
    std::map<std::string, std::pair<std::string, std::string>> memberships_;
    std::vector<std::string> tokens_;
    std::vector<vendor_fault> faults_;
    std::vector<vendor_call> calls_;
    int next_id_ = 1;
    std::vector<std::string> list_leaves_out_;
    std::string put_ignores_;
    std::string next_link_origin_;
    std::string delayed_method_, delayed_prefix_;
    int delay_ms_ = 0;
};

} // namespace bridge_test
