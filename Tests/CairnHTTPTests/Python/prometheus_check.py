"""Reads GET /metrics from 127.0.0.1:<port> with prometheus_client's text parser and prints every
sample as `<type> <name>{label=value,...} <value>`, one a line; fails if the text does not parse."""
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

port = int(sys.argv[1])
with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
    text = response.read().decode("utf-8")

for family in text_string_to_metric_families(text):
    for sample in family.samples:
        labels = ",".join(f"{key}={value}" for key, value in sorted(sample.labels.items()))
        name = sample.name + (f"{{{labels}}}" if labels else "")
        print(f"{family.type} {name} {sample.value}")
