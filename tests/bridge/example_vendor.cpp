#include "example_vendor.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <functional>

namespace bridge_test {
namespace json = boost::json;
namespace http = boost::beast::http;
using boost::asio::ip::tcp;

namespace {

json::object problem(unsigned status, std::string title, std::string field = {}, std::string message = {})
{
    json::object body{{"title", title}, {"status", status}};
    if (!field.empty())
        body["errors"] = json::array{json::object{{"propertyName", field}, {"errorMessage", message}}};
    return body;
}

std::vector<std::string> split_on(const std::string& path, char separator)
{
    std::vector<std::string> parts;
    std::size_t at = 0;
    while (at < path.size()) {
        auto next = path.find(separator, at);
        if (next == std::string::npos)
            next = path.size();
        if (next > at)
            parts.push_back(path.substr(at, next - at));
        at = next + 1;
    }
    return parts;
}

std::vector<std::string> split(const std::string& path)
{
    return split_on(path, '/');
}

std::string percent_decoded(const std::string& text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i] == '+' ? ' ' : text[i];
        }
    }
    return out;
}

// The value of one query parameter, decoded.
std::string query_value(const std::string& query, const std::string& name)
{
    for (const auto& pair : split_on(query, '&'))
        if (pair.starts_with(name + "="))
            return percent_decoded(pair.substr(name.size() + 1));
    return {};
}

struct answer {
    unsigned status;
    std::string body;
    int delay_ms;
    std::string link;
    std::vector<std::pair<std::string, std::string>> headers;
    bool drop_connection;
};

boost::asio::awaitable<void> session(tcp::socket socket,
                                     std::function<answer(const http::request<http::string_body>&)> handler)
{
    boost::beast::flat_buffer buffer;
    try {
        for (;;) {
            http::request<http::string_body> request;
            co_await http::async_read(socket, buffer, request, boost::asio::use_awaitable);
            auto [status, body, delay, link, headers, drop] = handler(request);
            if (drop)
                break;  // the socket closes with the session: no answer
            if (delay > 0) {
                boost::asio::steady_timer timer(socket.get_executor(), std::chrono::milliseconds(delay));
                co_await timer.async_wait(boost::asio::use_awaitable);
            }
            http::response<http::string_body> response{static_cast<http::status>(status), request.version()};
            if (!body.empty()) {
                response.set(http::field::content_type, "application/json");
                response.body() = body;
            }
            if (!link.empty())
                response.set(http::field::link, link);
            for (const auto& [name, value] : headers)
                response.set(name, value);
            response.keep_alive(request.keep_alive());
            response.prepare_payload();
            co_await http::async_write(socket, response, boost::asio::use_awaitable);
            if (!request.keep_alive())
                break;
        }
    } catch (const std::exception&) {
        // The client closed the connection: the session ends.
    }
}

} // namespace

example_vendor::example_vendor() : acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0))
{
    port_ = acceptor_.local_endpoint().port();
    accept_loop();
    runner_ = std::thread([this] { io_.run(); });
}

example_vendor::~example_vendor()
{
    io_.stop();
    runner_.join();
}

void example_vendor::accept_loop()
{
    auto handler = [this](const http::request<http::string_body>& request) -> answer {
        auto r = handle(std::string(request.method_string()), std::string(request.target()),
                        std::string(request["x-tenant-id"]), std::string(request[http::field::authorization]),
                        request.body());
        return {r.status,  r.body.is_null() ? std::string() : json::serialize(r.body),
                r.delay_ms, r.link,
                r.headers, r.drop_connection};
    };
    boost::asio::co_spawn(
        io_,
        [this, handler]() -> boost::asio::awaitable<void> {
            for (;;) {
                auto socket = co_await acceptor_.async_accept(boost::asio::use_awaitable);
                boost::asio::co_spawn(io_, session(std::move(socket), handler), boost::asio::detached);
            }
        },
        boost::asio::detached);
}

void example_vendor::add_fault(vendor_fault fault)
{
    std::lock_guard lock(mutex_);
    faults_.push_back(std::move(fault));
}

void example_vendor::set_answer_delay(std::string method, std::string path_prefix, std::chrono::milliseconds delay)
{
    std::lock_guard lock(mutex_);
    delayed_method_ = std::move(method);
    delayed_prefix_ = std::move(path_prefix);
    delay_ms_ = static_cast<int>(delay.count());
}

void example_vendor::clear_faults()
{
    std::lock_guard lock(mutex_);
    faults_.clear();
}

std::optional<json::object> example_vendor::user(const std::string& id) const
{
    std::lock_guard lock(mutex_);
    if (auto it = users_.find(id); it != users_.end())
        return it->second;
    return std::nullopt;
}

std::optional<json::object> example_vendor::group(const std::string& id) const
{
    std::lock_guard lock(mutex_);
    if (auto it = groups_.find(id); it != groups_.end())
        return it->second;
    return std::nullopt;
}

std::size_t example_vendor::user_count() const
{
    std::lock_guard lock(mutex_);
    return users_.size();
}

std::vector<vendor_call> example_vendor::calls() const
{
    std::lock_guard lock(mutex_);
    return calls_;
}

std::vector<std::string> example_vendor::calls_since(std::size_t from) const
{
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (auto i = from; i < calls_.size(); ++i)
        out.push_back(calls_[i].method + " " + calls_[i].target);
    return out;
}

void example_vendor::edit_user(const std::string& id, const std::function<void(json::object&)>& edit)
{
    std::lock_guard lock(mutex_);
    edit(users_.at(id));
}

void example_vendor::set_list_leaves_out(std::vector<std::string> fields)
{
    std::lock_guard lock(mutex_);
    list_leaves_out_ = std::move(fields);
}

void example_vendor::set_put_ignores(std::string field)
{
    std::lock_guard lock(mutex_);
    put_ignores_ = std::move(field);
}

void example_vendor::set_next_link_origin(std::string origin)
{
    std::lock_guard lock(mutex_);
    next_link_origin_ = std::move(origin);
}

bool example_vendor::erase_user(const std::string& id)
{
    std::lock_guard lock(mutex_);
    return users_.erase(id) > 0;
}

std::string example_vendor::add_user(json::object record)
{
    std::lock_guard lock(mutex_);
    const auto id = "u-" + std::to_string(next_id_++);
    record["id"] = id;
    users_[id] = std::move(record);
    return id;
}

example_vendor::reply example_vendor::handle(const std::string& method, const std::string& target,
                                             const std::string& tenant, const std::string& authorization,
                                             const std::string& body)
{
    std::lock_guard lock(mutex_);
    reply r;
    json::value parsed;
    if (!body.empty()) {
        boost::system::error_code ec;
        parsed = json::parse(body, ec);
        if (ec)
            r = {400, problem(400, "Malformed JSON")};
    }
    const std::string path = target.substr(0, target.find('?'));
    const std::string query = target.find('?') == std::string::npos ? std::string() : target.substr(target.find('?') + 1);
    std::optional<reply> lost_answer;
    if (r.status == 200) {
        for (auto it = faults_.begin(); it != faults_.end(); ++it) {
            if (it->method == method && path.starts_with(it->target_prefix) && it->skip > 0) {
                --it->skip;
                continue;
            }
            if (it->method == method && path.starts_with(it->target_prefix) && it->after_applying) {
                lost_answer = reply{it->status, it->body, 0, {}, it->headers, it->drop_connection};
                if (it->times > 0 && --it->times == 0)
                    faults_.erase(it);
                break;
            }
            if (it->method == method && path.starts_with(it->target_prefix)) {
                r = {it->status, it->body, 0, {}, it->headers, it->drop_connection};
                if (it->times > 0 && --it->times == 0)
                    faults_.erase(it);
                calls_.push_back({method, target, r.status});
                return r;
            }
        }
    }
    if (r.status == 200) {
        if (tenant != vendor_tenant) {
            r = {400, problem(400, "Missing or unknown x-tenant-id")};
        } else if (path == "/api/auth/login" && method == "POST") {
            const auto* password = parsed.is_object() ? parsed.as_object().if_contains("password") : nullptr;
            if (!password || !password->is_string() || password->as_string() != vendor_password) {
                r = {401, problem(401, "Invalid credentials")};
            } else {
                tokens_.push_back("token-" + std::to_string(tokens_.size() + 1));
                r = {200, json::object{{"accessToken", tokens_.back()}, {"expiresIn", 3600}, {"refreshToken", "r"}}};
            }
        } else if (!authorization.starts_with("Bearer ") ||
                   std::find(tokens_.begin(), tokens_.end(), authorization.substr(7)) == tokens_.end()) {
            r = {401, problem(401, "Unauthorized")};
        } else {
            r = serve(method, path, query, parsed);
        }
    }
    if (lost_answer)
        r = *lost_answer;
    if (delay_ms_ > 0 && method == delayed_method_ && path.starts_with(delayed_prefix_))
        r.delay_ms = delay_ms_;
    calls_.push_back({method, target, r.status});
    return r;
}

example_vendor::reply example_vendor::serve(const std::string& method, const std::string& path,
                                            const std::string& query, const json::value& body)
{
    const auto parts = split(path);  // "api", "users", id, action
    if (parts.size() < 2 || parts[0] != "api")
        return {404, problem(404, "Not Found")};
    if (parts[1] == "memberships" && parts.size() == 3 && method == "DELETE") {
        // Only a membership's own id removes it: the user's id is not enough.
        auto membership = memberships_.find(parts[2]);
        if (membership == memberships_.end())
            return {404, problem(404, "No such membership")};
        auto& members = groups_[membership->second.first]["members"].as_array();
        members.erase(std::remove(members.begin(), members.end(), json::value(membership->second.second)),
                      members.end());
        memberships_.erase(membership);
        return {204, nullptr};
    }
    if (parts[1] == "groups" && parts.size() == 4 && parts[3] == "memberships" && method == "POST") {
        auto group = groups_.find(parts[2]);
        if (group == groups_.end())
            return {404, problem(404, "Not Found")};
        const auto* user = body.is_object() ? body.as_object().if_contains("userId") : nullptr;
        if (!user || !user->is_string() || body.as_object().size() != 1)
            return {400, problem(400, "Validation failed", "userId", "exactly {userId} is expected")};
        if (!users_.contains(std::string(user->as_string())))
            return {400, problem(400, "Unknown user", "userId", "no user " + std::string(user->as_string()))};
        auto& members = group->second["members"].as_array();
        if (std::find(members.begin(), members.end(), *user) != members.end())
            return {409, json::object{{"code", "ALREADY_MEMBER"}, {"title", "the user is a member already"}}};
        members.push_back(*user);
        const auto id = "m-" + std::to_string(next_id_++);
        memberships_[id] = {parts[2], std::string(user->as_string())};
        return {201, json::object{{"id", id}, {"groupId", parts[2]}, {"userId", *user}}};
    }
    auto& table = parts[1] == "users" ? users_ : groups_;
    if (parts[1] != "users" && parts[1] != "groups")
        return {404, problem(404, "Not Found")};
    if (parts.size() == 2 && method == "POST") {
        if (!body.is_object())
            return {400, problem(400, "A JSON object is required")};
        auto record = body.as_object();
        if (parts[1] == "users") {
            const auto* email = record.if_contains("email");
            if (!email || !email->is_string() || email->as_string().find('@') == json::string::npos)
                return {400, problem(400, "Validation failed", "email", "A valid email address is required")};
            for (const auto& [id, user] : users_)
                if (user.if_contains("userName") && record.if_contains("userName") &&
                    user.at("userName") == record.at("userName"))
                    return {409, problem(409, "A user with this userName exists")};
        } else {
            record["members"] = json::array{};
        }
        const auto id = std::string(parts[1] == "users" ? "u-" : "g-") + std::to_string(next_id_++);
        record["id"] = id;
        table[id] = record;
        return {201, record};
    }
    if (parts.size() == 2 && method == "GET" && parts[1] == "users") {
        // The look-up by userName (exact); the whole list without it, one
        // page of it with page (from 1) and size.
        const auto wanted = query_value(query, "userName");
        json::array data;
        for (const auto& [id, user] : users_)
            if (wanted.empty() || (user.contains("userName") && user.at("userName") == json::value(wanted))) {
                auto listed = user;
                if (wanted.empty())
                    for (const auto& field : list_leaves_out_)
                        listed.erase(field);
                data.push_back(std::move(listed));
            }
        const auto total = data.size();
        const auto page = query_value(query, "page"), size = query_value(query, "size");
        if (!page.empty() && !size.empty()) {
            const auto first = (std::stoul(page) - 1) * std::stoul(size);
            json::array slice;
            for (auto i = first; i < data.size() && i < first + std::stoul(size); ++i)
                slice.push_back(data[i]);
            return {200, json::object{{"data", std::move(slice)}, {"total", total}, {"page", std::stoul(page)}}};
        }
        if (!size.empty()) {
            // Paging by a next link, as Salesforce's query answers do: the
            // next page's path in the body (nextRecordsUrl, from the host's
            // root) and the same as a Link header's absolute URL.
            const auto after = query_value(query, "after");
            const std::size_t first = after.empty() ? 0 : std::stoul(after), last = first + std::stoul(size);
            json::array slice;
            for (auto i = first; i < data.size() && i < last; ++i)
                slice.push_back(data[i]);
            json::object answer{{"data", std::move(slice)}, {"totalSize", total}, {"done", last >= data.size()}};
            if (last >= data.size())
                return {200, std::move(answer)};
            const std::string next = "/api/users?size=" + size + "&after=" + std::to_string(last);
            const std::string origin = next_link_origin_.empty() ? "http://127.0.0.1:" + std::to_string(port_)
                                                                 : next_link_origin_;
            answer["nextRecordsUrl"] = next_link_origin_.empty() ? next : origin + next;
            const std::string first_link = "<" + origin + "/api/users?size=" + size + ">; rel=\"first\"";
            return {200, std::move(answer), 0, first_link + ", <" + origin + next + ">; rel=\"next\""};
        }
        return {200, json::object{{"data", std::move(data)}, {"total", total}}};
    }
    if (parts.size() < 3)
        return {405, problem(405, "Method Not Allowed")};
    auto it = table.find(parts[2]);
    if (it == table.end())
        return {404, problem(404, "Not Found")};
    if (parts.size() == 3) {
        if (method == "GET")
            return {200, it->second};
        if (method == "DELETE") {
            table.erase(it);
            return {204, nullptr};
        }
        if (method == "PUT" && body.is_object()) {
            auto record = body.as_object();
            record["id"] = parts[2];
            if (parts[1] == "groups")
                record["members"] = it->second["members"];
            if (parts[1] == "users" && !put_ignores_.empty()) {
                if (const auto* kept = it->second.if_contains(put_ignores_))
                    record[put_ignores_] = *kept;
                else
                    record.erase(put_ignores_);
            }
            it->second = record;
            return {200, record};
        }
        // A merge (delta vendors): the members sent replace theirs, a null
        // removes one, the others stay.
        if (method == "PATCH" && parts[1] == "users" && body.is_object()) {
            for (const auto& member : body.as_object()) {
                if (member.value().is_null())
                    it->second.erase(member.key());
                else
                    it->second[member.key()] = member.value();
            }
            return {200, it->second};
        }
    }
    // One field set on its own (per-attribute vendors): the body is its value.
    if (parts[1] == "users" && parts.size() == 5 && parts[3] == "fields" && method == "PUT") {
        it->second[parts[4]] = body;
        return {204, nullptr};
    }
    if (parts[1] == "users" && parts.size() == 4 && method == "POST") {
        if (parts[3] == "deactivate" || parts[3] == "reactivate") {
            it->second["active"] = parts[3] == "deactivate" ? "N" : "Y";
            return {204, nullptr};
        }
    }
    if (parts[1] == "users" && parts.size() == 4 && parts[3] == "reset-password" && method == "PUT") {
        const auto* password = body.is_object() ? body.as_object().if_contains("password") : nullptr;
        if (!password || !password->is_string() || password->as_string().empty())
            return {400, problem(400, "Validation failed", "password", "A password is required")};
        it->second["password"] = *password;
        return {204, nullptr};
    }
    if (parts[1] == "groups" && parts.size() >= 4 && parts[3] == "members") {
        auto& members = it->second["members"].as_array();
        if (method == "POST" && parts.size() == 4 && body.is_object() && body.as_object().contains("userIds")) {
            for (const auto& id : body.at("userIds").as_array()) {
                if (!users_.contains(std::string(id.as_string())))
                    return {400, problem(400, "Unknown user", "userIds", "no user " + std::string(id.as_string()))};
            }
            // Nothing to add: the vendor says so with a 409 of its own.
            bool added = false;
            for (const auto& id : body.at("userIds").as_array())
                if (std::find(members.begin(), members.end(), id) == members.end()) {
                    members.push_back(id);
                    added = true;
                }
            if (!added)
                return {409, json::object{{"code", "ALREADY_MEMBER"}, {"title", "every user is a member already"}}};
            return {204, nullptr};
        }
        if (method == "DELETE" && parts.size() == 5) {
            auto member = std::find(members.begin(), members.end(), json::value(parts[4]));
            if (member == members.end())
                return {404, problem(404, "Not a member")};
            members.erase(member);
            return {204, nullptr};
        }
    }
    return {405, problem(405, "Method Not Allowed")};
}

} // namespace bridge_test
