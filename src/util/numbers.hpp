// Numbers written as text (trace cells, failure logs, the number in "250ms", array indices in JSON
// pointers), read the same way everywhere: the whole text or nothing, in one syntax whatever the
// process locale (std::from_chars), and never an infinity or a NaN. Every parser returns nullopt on
// failure; the caller says in its message what it expected there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace vsf {

// Length of the decimal number at the start of `text`: [+-]digits[.digits][(e|E)[+-]digits], with
// digits on at least one side of the point (".5" and "5." are numbers); 0 when `text` starts with none.
// An exponent without digits is left out ("1e" gives 1), so that a unit may follow a number.
size_t number_length(std::string_view text);

// The whole of `text` as a finite double, in the syntax of number_length: "12", "+2.5", "-3", "1e3",
// ".5". nullopt for "", " 1", "1,5", "12x", "inf", "nan", "0x10" and out-of-range values ("1e400").
std::optional<double> parse_number(std::string_view text);

// The whole of `text` as an unsigned decimal integer: digits only, no sign, no leading zero unless it is
// "0", and no overflow.
std::optional<uint64_t> parse_unsigned(std::string_view text);

}  // namespace vsf
