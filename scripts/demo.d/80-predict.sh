#!/usr/bin/env bash
# Business predictions on the demo shop. Everything runs --as-of the end of the generated
# log (2024-03-01), so the event 90-serve posts "now" (on a rerun over the same store)
# cannot stretch the evaluation window or the scoring time.
# 1) churn and purchase propensity: time-aware cross-validation (printed), 2) a trained
# churn model listing the users most at risk with the features behind each score,
# 3) open carts: will they be bought, and which items complete them (bought-together model),
# 4) new products still in their first week: forecast first-week views and purchases.
set -euo pipefail
D=(--data "$DEMO_DIR/store" --quiet)
AS=(--as-of 2024-03-01)
"$SS" "${D[@]}" predict churn evaluate "${AS[@]}" --horizon 7d --folds 3 --model "xgboost:rounds=100,depth=4"
"$SS" "${D[@]}" predict propensity evaluate "${AS[@]}" --horizon 7d --folds 3 --model logreg --balance weights
"$SS" "${D[@]}" predict session evaluate "${AS[@]}" --folds 3 --model "xgboost:rounds=80,depth=4"
"$SS" "${D[@]}" predict churn train "${AS[@]}" --horizon 7d --model-file "$DEMO_DIR/churn.model"
"$SS" "${D[@]}" predict churn score "${AS[@]}" --horizon 7d --model-file "$DEMO_DIR/churn.model" --top 5
"$SS" "${D[@]}" predict cart train "${AS[@]}" --model "xgboost:rounds=80,depth=4" --model-file "$DEMO_DIR/cart.model"
"$SS" "${D[@]}" predict cart score "${AS[@]}" --open-within 3h --top 3 --completions 3 --model-file "$DEMO_DIR/cart.model"
"$SS" "${D[@]}" predict popularity train "${AS[@]}" --model-file "$DEMO_DIR/popularity.model"
"$SS" "${D[@]}" predict popularity score "${AS[@]}" --top 5 --model-file "$DEMO_DIR/popularity.model"
