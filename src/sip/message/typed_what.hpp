#pragma once
// Compile-time joined error strings for the typed header parsers. ParseError::what must be a
// static string, yet one parser often serves several headers (Require, Supported...), so
// "Require: empty element" and "Supported: empty element" are built by the compiler from
// a header prefix and a message, instead of being spelled out by hand for every pair.

#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

#include "dialtone/sip/message/header_id.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message::detail {

// A string literal usable as a template argument.
template <std::size_t N>
struct Lit {
    char s[N]{};
    constexpr Lit(const char (&a)[N]) {
        for (std::size_t i = 0; i < N; ++i)
            s[i] = a[i];
    }
    static constexpr std::size_t size() { return N - 1; }
};

template <Lit A, Lit B>
struct Joined {
    static constexpr std::array<char, A.size() + B.size() + 1> buf = [] {
        std::array<char, A.size() + B.size() + 1> r{};
        for (std::size_t i = 0; i < A.size(); ++i)
            r[i] = A.s[i];
        for (std::size_t i = 0; i < B.size(); ++i)
            r[A.size() + i] = B.s[i];
        return r;
    }();
};

// "Require: " + "empty element" as one static string_view.
template <Lit A, Lit B>
inline constexpr std::string_view join_v{Joined<A, B>::buf.data(), A.size() + B.size()};

// "<header name>: " + Msg for header I, with the name taken from kHeaderTable.
template <std::size_t I, Lit Msg>
struct JoinedForHeader {
    static constexpr std::string_view name = kHeaderTable[I].name;
    static constexpr std::array<char, name.size() + 2 + Msg.size() + 1> buf = [] {
        std::array<char, name.size() + 2 + Msg.size() + 1> r{};
        for (std::size_t i = 0; i < name.size(); ++i)
            r[i] = name[i];
        r[name.size()] = ':';
        r[name.size() + 1] = ' ';
        for (std::size_t i = 0; i < Msg.size(); ++i)
            r[name.size() + 2 + i] = Msg.s[i];
        return r;
    }();
};

template <Lit Msg, std::size_t... I>
constexpr std::array<std::string_view, sizeof...(I)> header_what_table(std::index_sequence<I...>) {
    return {std::string_view(JoinedForHeader<I, Msg>::buf.data(),
                             JoinedForHeader<I, Msg>::buf.size() - 1)...};
}

template <Lit Msg>
inline constexpr auto kHeaderWhat =
    header_what_table<Msg>(std::make_index_sequence<kHeaderIdCount>{});

// "<name of h>: Msg" as a static string, for a parser that serves several headers.
template <Lit Msg>
std::string_view header_what(HeaderId h) {
    return kHeaderWhat<Msg>[static_cast<std::size_t>(h)];
}

// Every typed-header error is a malformed request: 400 Bad Request.
inline ParseError bad_request(std::string_view what) {
    return ParseError{400, what, true};
}

}  // namespace dialtone::message::detail
