#include "app/reload_request.hpp"

#include "config/server_config.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <ostream>

namespace app {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

void print_list(std::ostream& out, std::string_view heading, const json::object& body, std::string_view key)
{
    const auto* list = body.if_contains(key);
    if (!list || !list->is_array() || list->as_array().empty())
        return;
    out << heading << ":\n";
    for (const auto& item : list->as_array())
        if (item.is_string())
            out << "  " << item.as_string().c_str() << "\n";
}

} // namespace

int request_reload(const config::server_config& config, const std::optional<std::string>& admin_token,
                   std::ostream& out, std::ostream& err)
{
    if (!config.admin) {
        err << "reload: the configuration has no admin: listener to ask; send SIGHUP to the process instead "
               "(systemctl reload scim-bridge, kill -HUP PID)\n";
        return 2;
    }
    const auto& listen = config.admin->listen;
    http::response<http::string_body> response;
    try {
        boost::asio::io_context io;
        boost::asio::ip::tcp::resolver resolver(io);
        boost::beast::tcp_stream stream(io);
        // A reload reads and checks every mapping file: seconds at most.
        stream.expires_after(std::chrono::seconds(60));
        stream.connect(resolver.resolve(listen.address, std::to_string(listen.port)));
        http::request<http::string_body> request{http::verb::post, "/reload", 11};
        request.set(http::field::host, listen.address);
        if (admin_token)
            request.set(http::field::authorization, "Bearer " + *admin_token);
        request.prepare_payload();
        http::write(stream, request);
        boost::beast::flat_buffer buffer;
        http::read(stream, buffer, response);
        boost::system::error_code ignored;
        stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    } catch (const std::exception& e) {
        err << "reload: cannot reach the admin listener at " << listen.address << ":" << listen.port << ": "
            << e.what() << "\n";
        return 2;
    }
    if (response.result() == http::status::unauthorized) {
        err << "reload: the admin listener wants its token (SCIM_BRIDGE_ADMIN_TOKEN or --token-file)\n";
        return 2;
    }
    boost::system::error_code parse_error;
    const auto body = json::parse(response.body(), parse_error);
    if (parse_error || !body.is_object() || response.result() == http::status::not_found) {
        err << "reload: the admin listener answered " << response.result_int() << ": " << response.body() << "\n";
        return 2;
    }
    const auto& object = body.as_object();
    const bool applied = response.result() == http::status::ok;
    (applied ? out : err) << (applied ? "reloaded" : "refused: the running configuration is unchanged") << "\n";
    print_list(applied ? out : err, "problems", object, "errors");
    print_list(out, "changes", object, "changes");
    print_list(out, "changed but needing a restart", object, "restart_needed");
    return applied ? 0 : 1;
}

} // namespace app
