"""Load runs (`ocpp-conformance load`): simulated charge points on Locust, every frame judged by
the suite's protocol core. See docs/load.md. Nothing here is imported by the test harness:
the engine module patches the standard library with gevent and runs in a process of its own."""
