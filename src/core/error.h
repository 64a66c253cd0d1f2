// Errors in three tiers: Result<T> for expected failures (a bad row, an unknown id),
// ss::Error for failures that abort the operation, assert() for programmer errors.
#pragma once
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace ss {

// kCancelled: the operation was stopped on request (Context::cancel), not failed.
enum class ErrorCode { kInvalidArgument, kNotFound, kIo, kCorrupt, kUnsupported, kInternal, kCancelled };

// An aborting failure with a message a user can act on.
class Error : public std::runtime_error {
 public:
  explicit Error(std::string msg, ErrorCode code = ErrorCode::kInvalidArgument)
      : std::runtime_error(std::move(msg)), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

struct Failure {
  ErrorCode code;
  std::string message;
};

// An expected-style result: a value or a Failure. value() on a failure throws ss::Error.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Failure f) : v_(std::move(f)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& {
    if (!ok()) throw Error(failure().message, failure().code);
    return std::get<0>(v_);
  }
  T&& value() && {
    if (!ok()) throw Error(failure().message, failure().code);
    return std::get<0>(std::move(v_));
  }
  const Failure& failure() const { return std::get<1>(v_); }
  const std::string& message() const { return failure().message; }

 private:
  std::variant<T, Failure> v_;
};

inline Failure fail(std::string msg, ErrorCode code = ErrorCode::kInvalidArgument) {
  return Failure{code, std::move(msg)};
}

}  // namespace ss
