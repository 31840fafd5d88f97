#pragma once
// A value that must never reach a log, an audit row or an error message.
// Streaming and formatting print "***"; the value itself is only reachable
// through reveal(), so every place that uses a secret is easy to find.

#include <boost/json/value.hpp>

#include <ostream>
#include <string>
#include <utility>

namespace connector {

template <typename T>
class basic_secret {
public:
    basic_secret() = default;
    explicit basic_secret(T value) : value_(std::move(value)) {}

    const T& reveal() const noexcept { return value_; }

    friend std::ostream& operator<<(std::ostream& out, const basic_secret&) { return out << "***"; }
    friend bool operator==(const basic_secret&, const basic_secret&) = default;

private:
    T value_{};
};

using secret = basic_secret<std::string>;
// A request body that carries credentials (a rendered login template).
using secret_json = basic_secret<boost::json::value>;

} // namespace connector
