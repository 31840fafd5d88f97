// Maps --vendor names to the vendor implementations.
#include "vendor.hpp"

#include "twiser_wokr.hpp"

namespace vendor_sim {

namespace {

struct entry {
  const char* name;
  std::unique_ptr<vendor> (*make)();
};

constexpr entry vendors[] = {
    {"twiser-wokr", make_twiser_wokr},
};

}  // namespace

std::unique_ptr<vendor> make_vendor(std::string_view name) {
  for (const auto& e : vendors) {
    if (name == e.name) return e.make();
  }
  return nullptr;
}

std::vector<std::string> vendor_names() {
  std::vector<std::string> out;
  for (const auto& e : vendors) out.emplace_back(e.name);
  return out;
}

}  // namespace vendor_sim
