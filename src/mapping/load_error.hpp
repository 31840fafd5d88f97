#pragma once
// A problem found while loading a mapping file, located in the file.

#include <stdexcept>
#include <string>
#include <vector>

namespace mapping {

struct load_error {
    std::string file;
    int line = 0;     // 1-based
    int column = 0;   // 1-based
    std::string message;   // "what is wrong, what was expected"

    // "file:line:column: message"
    std::string to_string() const;
};

// Thrown by load_mapping_file when the file is rejected: carries every
// problem found, not just the first.
class mapping_rejected : public std::runtime_error {
public:
    explicit mapping_rejected(std::vector<load_error> errors);
    const std::vector<load_error>& errors() const noexcept { return errors_; }

private:
    std::vector<load_error> errors_;
};

} // namespace mapping
