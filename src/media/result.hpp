#pragma once
// Errors are values (DESIGN.md §2.4): a parse of bytes from the network or a file gives either
// the value or a reason a person can read. Packet parsers use static text (std::string_view,
// no allocation per bad packet); file readers name the file, so they carry a std::string.

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dialtone::media {

template <class T, class E = std::string_view>
class Result {
  public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    static Result failure(E error) { return Result(std::in_place_index<1>, std::move(error)); }

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const E& error() const { return std::get<1>(v_); }

  private:
    template <std::size_t I, class... Args>
    explicit Result(std::in_place_index_t<I> i, Args&&... args)
        : v_(i, std::forward<Args>(args)...) {}

    std::variant<T, E> v_;
};

// For operations that give nothing back but may fail.
struct Done {};

}  // namespace dialtone::media
