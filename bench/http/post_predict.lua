-- wrk script: POST /noauth/predict with one JSON body (set by run_http_bench.sh through the environment).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("WRK_BODY")
