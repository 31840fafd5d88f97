#include "odata_filter.hpp"

#include <cctype>

namespace vendor_sim {

namespace {

// Splits on spaces outside quotes; a quoted token keeps its quotes.
std::optional<std::vector<std::string>> tokenize(std::string_view text, std::string& error) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::string token;
    if (text[i] == '\'') {
      token.push_back('\'');
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '\'') {
          if (i + 1 < text.size() && text[i + 1] == '\'') {
            token.push_back('\'');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        token.push_back(text[i++]);
      }
      if (!closed) {
        error = "unterminated string literal";
        return std::nullopt;
      }
      token.push_back('\'');
    } else {
      while (i < text.size() && text[i] != ' ') token.push_back(text[i++]);
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::optional<json::value> literal(const std::string& token) {
  if (token.size() >= 2 && token.front() == '\'' && token.back() == '\'') {
    return json::value(token.substr(1, token.size() - 2));
  }
  if (token == "true") return json::value(true);
  if (token == "false") return json::value(false);
  if (token == "null") return json::value(nullptr);
  char* end = nullptr;
  auto n = std::strtoll(token.c_str(), &end, 10);
  if (!token.empty() && *end == '\0') return json::value(n);
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<odata_clause>> parse_odata_filter(std::string_view text, std::string& error) {
  auto tokens = tokenize(text, error);
  if (!tokens) return std::nullopt;
  std::vector<odata_clause> clauses;
  std::size_t i = 0;
  for (;;) {
    if (i + 3 > tokens->size()) {
      error = "expected <field> eq <literal>";
      return std::nullopt;
    }
    const auto& field = (*tokens)[i];
    if (field.empty() || !std::isalpha(static_cast<unsigned char>(field.front()))) {
      error = "expected a field name, got " + field;
      return std::nullopt;
    }
    if ((*tokens)[i + 1] != "eq") {
      error = "only the eq operator is supported, got " + (*tokens)[i + 1];
      return std::nullopt;
    }
    auto value = literal((*tokens)[i + 2]);
    if (!value) {
      error = "bad literal " + (*tokens)[i + 2];
      return std::nullopt;
    }
    clauses.push_back({field, std::move(*value)});
    i += 3;
    if (i == tokens->size()) return clauses;
    if ((*tokens)[i] != "and") {
      error = "only 'and' may join clauses, got " + (*tokens)[i];
      return std::nullopt;
    }
    ++i;
  }
}

}  // namespace vendor_sim
