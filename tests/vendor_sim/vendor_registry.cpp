// Maps --vendor names to the vendor implementations.
#include "vendor.hpp"

#include "customer_directory.hpp"
#include "learningpool.hpp"
#include "platform_identity.hpp"
#include "retail_checklists.hpp"
#include "twiser_lxp.hpp"
#include "twiser_wokr.hpp"

namespace vendor_sim {

namespace {

struct entry {
  const char* name;
  std::unique_ptr<vendor> (*make)();
};

constexpr entry vendors[] = {
    {"twiser-wokr", make_twiser_wokr},
    {"twiser-lxp", make_twiser_lxp},
    {"platform-identity", make_platform_identity},
    {"customer-directory", make_customer_directory},
    {"retail-checklists", make_retail_checklists},
    {"learningpool", make_learningpool},
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
