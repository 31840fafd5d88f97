// The bare Beast reference server of the benchmark (tests/bench/run.sh): an
// HTTP/1.1 keep-alive server that answers every request, whatever its method
// and target, with one fixed SCIM user (~400 bytes of application/scim+json).
// It reads each request in full (body too) and writes a complete response,
// from coroutine sessions on a strand each, as a minimal idiomatic Beast
// server does; scim-bridge's figures are printed as a ratio of its own.
//   bench_reference_server [PORT [THREADS]]   # PORT 0 (default): any free port
// Listens on 127.0.0.1, prints "port N" once bound, runs until SIGINT/SIGTERM.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// About the size of a seeded user (without meta.location): 460 bytes.
constexpr std::string_view user_body =
    R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],)"
    R"("id":"2f6b1c4e-8a57-4d0e-9b3a-5c1d7e9f0a12","externalId":"ext-4242",)"
    R"("userName":"user4242@bench.example","displayName":"Bench User 4242",)"
    R"("name":{"givenName":"Bench","familyName":"User4242"},)"
    R"("emails":[{"value":"user4242@bench.example","type":"work","primary":true}],"active":true,)"
    R"("meta":{"resourceType":"User","created":"2026-11-26T10:00:00.000Z",)"
    R"("lastModified":"2026-11-26T10:00:00.000Z","version":"W/\"1\""}})";

asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> request;
        auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, request, use_tuple);
        if (read_error) break;

        http::response<http::string_body> response(http::status::ok, request.version());
        response.set(http::field::content_type, "application/scim+json");
        response.keep_alive(request.keep_alive());
        response.body() = user_body;
        response.prepare_payload();
        auto [write_error, written] = co_await http::async_write(stream, response, use_tuple);
        if (write_error || !response.keep_alive()) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(asio::io_context& io, tcp::acceptor& acceptor) {
    for (;;) {
        auto strand = asio::make_strand(io);
        auto [error, socket] = co_await acceptor.async_accept(strand, use_tuple);
        if (error) {
            if (!acceptor.is_open()) co_return;
            continue;
        }
        asio::co_spawn(strand, session(std::move(socket)), asio::detached);
    }
}

} // namespace

int main(int argc, char** argv) {
    const auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 0);
    const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
    if (threads < 1) {
        std::fprintf(stderr, "usage: %s [PORT [THREADS]]\n", argv[0]);
        return 2;
    }
    asio::io_context io(threads);
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    std::printf("port %u\n", static_cast<unsigned>(acceptor.local_endpoint().port()));
    std::fflush(stdout);

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const beast::error_code&, int) {
        beast::error_code ignored;
        acceptor.close(ignored);
        io.stop();
    });
    asio::co_spawn(acceptor.get_executor(), accept_loop(io, acceptor), asio::detached);

    std::vector<std::jthread> extra;
    for (int i = 1; i < threads; ++i) {
        extra.emplace_back([&io] { io.run(); });
    }
    io.run();
    return 0;
}
