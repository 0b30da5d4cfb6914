"""What operations sees from outside: probes, Prometheus metrics and one log line per request.

Not a domain app (no models): it reads the domain's tables only to count what an operator
must act on (overdue dossiers, failing notifications, waiting tasks). docs/operations.md says
how to scrape, probe and collect the logs.
"""
