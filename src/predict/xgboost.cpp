// Gradient-boosted trees through XGBoost's C API. XGBoost handles NaN as "missing" and
// learns a default direction for it at each split.
#include <xgboost/c_api.h>

#include <nlohmann/json.hpp>

#include "predict/estimator_impl.h"

namespace ss::predict {
namespace {

void check(int rc, const char* what) {
  if (rc != 0) throw Error(std::string("xgboost ") + what + ": " + XGBGetLastError(), ErrorCode::kInternal);
}

// RAII for XGBoost handles.
struct DMatrix {
  DMatrixHandle h = nullptr;
  explicit DMatrix(const Matrix& x) {
    check(XGDMatrixCreateFromMat(x.data.data(), x.rows, x.cols, std::nanf(""), &h), "matrix");
  }
  ~DMatrix() { XGDMatrixFree(h); }
};

}  // namespace

class XGBoost final : public Estimator {
 public:
  XGBoost(const Spec& spec, Objective obj)
      : params_("xgboost", {{"rounds", ParamKind::kInt, "200", "boosting rounds", 1, 100000},
                            {"depth", ParamKind::kInt, "5", "maximum tree depth", 1, 20},
                            {"eta", ParamKind::kFloat, "0.08", "learning rate", 1e-4, 1},
                            {"subsample", ParamKind::kFloat, "0.8", "row sample per tree", 0.05, 1},
                            {"colsample", ParamKind::kFloat, "0.8", "column sample per tree", 0.05, 1},
                            {"min_child_weight", ParamKind::kFloat, "1", "minimum hessian in a leaf", 0, 1e6},
                            {"lambda", ParamKind::kFloat, "1", "L2 on leaf weights", 0, 1e6}}),
        obj_(obj) {
    params_.configure(spec.params);
  }
  ~XGBoost() override {
    if (booster_) XGBoosterFree(booster_);
  }
  Spec spec() const override { return params_.to_spec("xgboost"); }
  bool handles_missing() const override { return true; }

  void fit(const Matrix& x, const std::vector<float>& y, const std::vector<float>& w, Context& ctx) override {
    if (x.rows == 0) throw Error("xgboost: no training rows");
    DMatrix train(x);
    check(XGDMatrixSetFloatInfo(train.h, "label", y.data(), y.size()), "labels");
    if (!w.empty()) check(XGDMatrixSetFloatInfo(train.h, "weight", w.data(), w.size()), "weights");
    if (booster_) XGBoosterFree(booster_);
    check(XGBoosterCreate(&train.h, 1, &booster_), "create");
    auto set = [&](const char* k, const std::string& v) { check(XGBoosterSetParam(booster_, k, v.c_str()), k); };
    set("objective", obj_ == Objective::kBinary ? "binary:logistic" : "reg:squarederror");
    set("max_depth", std::to_string(params_.get_int("depth")));
    set("eta", params_.get_string("eta"));
    set("subsample", params_.get_string("subsample"));
    set("colsample_bytree", params_.get_string("colsample"));
    set("min_child_weight", params_.get_string("min_child_weight"));
    set("lambda", params_.get_string("lambda"));
    set("tree_method", "hist");
    set("nthread", std::to_string(ctx.threads()));
    set("seed", std::to_string(ctx.seed));
    set("verbosity", "0");
    for (int i = 0; i < params_.get_int("rounds"); ++i) check(XGBoosterUpdateOneIter(booster_, i, train.h), "train");
    features_ = x.cols;
  }

  std::vector<float> predict(const Matrix& x) const override {
    if (!booster_) throw Error("xgboost: predict before fit");
    DMatrix m(x);
    bst_ulong len = 0;
    const float* out = nullptr;
    check(XGBoosterPredict(booster_, m.h, 0, 0, 0, &len, &out), "predict");
    return std::vector<float>(out, out + len);
  }

  std::vector<float> contributions(const Matrix& x) const override {
    if (!booster_) throw Error("xgboost: explain before fit");
    DMatrix m(x);
    bst_ulong len = 0;
    const float* out = nullptr;
    check(XGBoosterPredict(booster_, m.h, 4 /* pred_contribs: SHAP values */, 0, 0, &len, &out), "contributions");
    // XGBoost appends the bias as an extra column per row; drop it.
    std::vector<float> contrib(x.rows * x.cols);
    for (size_t r = 0; r < x.rows; ++r) std::copy_n(out + r * (x.cols + 1), x.cols, contrib.data() + r * x.cols);
    return contrib;
  }

  std::vector<double> importances() const override {
    std::vector<double> imp(features_, 0.0);
    if (!booster_) return imp;
    bst_ulong n_features = 0, out_dim = 0;
    const char** names = nullptr;
    const bst_ulong* shape = nullptr;
    const float* scores = nullptr;
    check(XGBoosterFeatureScore(booster_, R"({"importance_type": "total_gain"})", &n_features, &names, &out_dim,
                                &shape, &scores),
          "importance");
    for (bst_ulong i = 0; i < n_features; ++i) {
      const std::string name = names[i];  // "f<index>" when no names were given
      if (name.size() > 1 && name[0] == 'f') {
        const size_t c = std::stoul(name.substr(1));
        if (c < imp.size()) imp[c] = scores[i];
      }
    }
    return imp;
  }

  void save(std::ostream& out) const override {
    bst_ulong len = 0;
    const char* buf = nullptr;
    check(XGBoosterSaveModelToBuffer(booster_, R"({"format": "ubj"})", &len, &buf), "save");
    const uint64_t n = len, f = features_;
    out.write(reinterpret_cast<const char*>(&f), sizeof f);
    out.write(reinterpret_cast<const char*>(&n), sizeof n);
    out.write(buf, static_cast<std::streamsize>(len));
  }

  void load(std::istream& in) override {
    uint64_t n = 0, f = 0;
    in.read(reinterpret_cast<char*>(&f), sizeof f);
    in.read(reinterpret_cast<char*>(&n), sizeof n);
    if (!in || n > (1ull << 34)) throw Error("corrupt xgboost model", ErrorCode::kCorrupt);
    std::string buf(n, '\0');
    in.read(buf.data(), static_cast<std::streamsize>(n));
    if (booster_) XGBoosterFree(booster_);
    check(XGBoosterCreate(nullptr, 0, &booster_), "create");
    check(XGBoosterLoadModelFromBuffer(booster_, buf.data(), n), "load");
    features_ = f;
  }

 private:
  Params params_;
  Objective obj_;
  BoosterHandle booster_ = nullptr;
  size_t features_ = 0;
};

std::unique_ptr<Estimator> make_xgboost(const Spec& spec, Objective obj) { return std::make_unique<XGBoost>(spec, obj); }

}  // namespace ss::predict
