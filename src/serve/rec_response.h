// The JSON body of a recommendation response, written directly (serve/json_out.h): the
// same document result_json() builds as an nlohmann tree, at a fraction of the cost.
#pragma once
#include <string>

#include "serve/service.h"

namespace ss::serve {

std::string result_body(const Service& s, const RecResult& r);

}  // namespace ss::serve
