#!/usr/bin/env bash
# Churn and purchase propensity: time-aware cross-validation, then a trained churn model
# listing the users most at risk with the features behind each score.
set -euo pipefail
D=(--data "$DEMO_DIR/store" --quiet)
"$SS" "${D[@]}" predict churn evaluate --horizon 7d --folds 3 --model "xgboost:rounds=100,depth=4"
"$SS" "${D[@]}" predict propensity evaluate --horizon 7d --folds 3 --model logreg --balance weights
"$SS" "${D[@]}" predict session evaluate --folds 3 --model "xgboost:rounds=80,depth=4"
"$SS" "${D[@]}" predict churn train --horizon 7d --model-file "$DEMO_DIR/churn.model"
"$SS" "${D[@]}" predict churn score --horizon 7d --model-file "$DEMO_DIR/churn.model" --top 5
