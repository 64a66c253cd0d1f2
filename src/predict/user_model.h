// A user-level model ready for production: trained on every labelled snapshot that ends by
// the end of the data, saved with its task settings, and used to score the current users
// with the reasons for each score.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "predict/user_task.h"

namespace ss::predict {

struct UserModel {
  UserTaskConfig cfg;
  std::unique_ptr<Estimator> estimator;
  std::vector<std::string> feature_names;
};

UserModel train_user_model(const FeatureContext& fc, const UserTaskConfig& cfg, int64_t last_ms, Context& ctx);
void save_user_model(const UserModel& m, const std::string& path);
UserModel load_user_model(const std::string& path);

struct ScoredUser {
  uint32_t user;
  float probability;
  std::vector<std::pair<std::string, float>> reasons;  // the features pushing the score up most
};

// Scores the task's population as of `now_ms` (the churn population, or everyone active
// in the window), best first; `top` = 0 keeps all.
std::vector<ScoredUser> score_users(const FeatureContext& fc, const UserModel& m, int64_t now_ms, size_t top,
                                    int reasons = 3);

}  // namespace ss::predict
