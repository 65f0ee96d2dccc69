#!/usr/bin/env python3
"""Writes dmarc-dashboards.ndjson: the data views, Lens panels and dashboards analysts open.

The panels are declared below in a few lines each; the ndjson is what Kibana's saved-objects
import API takes (docker/kibana/import.sh). Run this after changing a panel and commit both.
DashboardFieldsIT checks every field a panel uses against the installed index templates.
"""
import json
import os

DATA_VIEWS = {
    "dmarc-records": ("DMARC report rows", "@timestamp"),
    "dmarc-reports": ("DMARC reports", "@timestamp"),
    "dmarc-alerts": ("DMARC alerts", "last_seen"),
    "dmarc-dead-letters": ("DMARC dead letters", "@timestamp"),
}

MESSAGES = ("sum", "count", "Messages", None)
FAILING = ("sum", "count", "Messages failing DMARC", 'dmarc_result : "fail"')


def terms(field, label, size=10):
    return ("terms", field, label, size)


def over_time(field="@timestamp"):
    return ("date_histogram", field, "Time", None)


def count(label, kql=None):
    return ("count", "___records___", label, kql)


def sum_of(field, label, kql=None):
    return ("sum", field, label, kql)


def unique(field, label):
    return ("unique_count", field, label, None)


DATA_TYPES = {"date_histogram": "date", "sum": "number", "count": "number", "unique_count": "number"}


def column(spec, first_metric, data_type):
    op, field, label, extra = spec
    col = {"label": label, "customLabel": True, "operationType": op, "sourceField": field}
    if op == "terms":
        col.update(dataType=data_type, isBucketed=True, scale="ordinal",
                   params={"size": extra, "orderBy": {"type": "column", "columnId": first_metric},
                           "orderDirection": "desc", "otherBucket": True, "missingBucket": False})
    elif op == "date_histogram":
        col.update(dataType="date", isBucketed=True, scale="interval",
                   params={"interval": "auto", "includeEmptyRows": True, "dropPartials": False})
    else:
        col.update(dataType="number", isBucketed=False, scale="ratio", params={"emptyAsNull": op != "count"})
        if extra:
            col["filter"] = {"query": extra, "language": "kuery"}
    return col


def lens(panel_id, title, view, chart, buckets, metrics, field_types, query=""):
    """A Lens visualization with one layer: bucket columns then metric columns."""
    ids = [f"b{i}" for i in range(len(buckets))] + [f"m{i}" for i in range(len(metrics))]
    columns = {}
    for cid, spec in zip(ids, buckets + metrics):
        columns[cid] = column(spec, "m0", field_types.get(spec[1], "string"))
    layer = {"columns": columns, "columnOrder": ids, "incompleteColumns": {}}
    bucket_ids, metric_ids = ids[:len(buckets)], ids[len(buckets):]
    if chart == "table":
        visualization_type = "lnsDatatable"
        visualization = {"layerId": "layer", "layerType": "data",
                         "columns": [{"columnId": c, "isTransposed": False} for c in ids]}
    elif chart == "metric":
        visualization_type = "lnsMetric"
        visualization = {"layerId": "layer", "layerType": "data", "metricAccessor": metric_ids[0]}
    elif chart == "donut":
        visualization_type = "lnsPie"
        visualization = {"shape": "donut", "layers": [{
            "layerId": "layer", "layerType": "data", "primaryGroups": bucket_ids, "metrics": metric_ids,
            "numberDisplay": "percent", "categoryDisplay": "default", "legendDisplay": "default"}]}
    else:
        visualization_type = "lnsXY"
        layer_state = {"layerId": "layer", "layerType": "data", "seriesType": chart,
                       "xAccessor": bucket_ids[0], "accessors": metric_ids}
        if len(bucket_ids) > 1:
            layer_state["splitAccessor"] = bucket_ids[1]
        visualization = {"legend": {"isVisible": True, "position": "right"}, "valueLabels": "hide",
                         "preferredSeriesType": chart, "layers": [layer_state]}
    return {
        "id": panel_id,
        "type": "lens",
        "attributes": {
            "title": title,
            "description": "",
            "visualizationType": visualization_type,
            "state": {
                "datasourceStates": {"formBased": {"layers": {"layer": layer}}},
                "visualization": visualization,
                "query": {"query": query, "language": "kuery"},
                "filters": [],
                "internalReferences": [],
                "adHocDataViews": {},
            },
        },
        "references": [{"type": "index-pattern", "id": view, "name": "indexpattern-datasource-layer-layer"}],
        "coreMigrationVersion": "8.8.0",
        "typeMigrationVersion": "8.9.0",
    }


RECORD_TYPES = {"source.ip": "ip", "@timestamp": "date"}
R = "dmarc-records"

DASHBOARDS = {
    "dmarc-overview": ("DMARC: Overview", "How much of my mail passes DMARC, per domain and over time.", [
        lens("dmarc-overview-messages", "Messages reported", R, "metric", [], [MESSAGES], RECORD_TYPES),
        lens("dmarc-overview-failing", "Messages failing DMARC", R, "metric", [], [FAILING], RECORD_TYPES),
        lens("dmarc-overview-result-share", "DMARC result share", R, "donut",
             [terms("dmarc_result", "DMARC result", 3)], [MESSAGES], RECORD_TYPES),
        lens("dmarc-overview-result-over-time", "DMARC result over time", R, "bar_percentage_stacked",
             [over_time(), terms("dmarc_result", "DMARC result", 3)], [MESSAGES], RECORD_TYPES),
        lens("dmarc-overview-domains", "Domains", R, "table",
             [terms("policy_published.domain", "Domain", 50)],
             [MESSAGES, FAILING, sum_of("count", "Quarantined or rejected", 'policy_evaluated.disposition : ("quarantine" or "reject")')],
             RECORD_TYPES),
        lens("dmarc-overview-disposition-over-time", "Disposition applied by receivers", R, "bar_stacked",
             [over_time(), terms("policy_evaluated.disposition", "Disposition", 5)], [MESSAGES], RECORD_TYPES),
    ]),
    "dmarc-sources": ("DMARC: Sources", "Who sends as my domains, and which sources fail.", [
        lens("dmarc-sources-services", "Sending services", R, "table",
             [terms("source.service", "Service", 25)], [MESSAGES, FAILING, unique("source.ip", "Source IPs")], RECORD_TYPES),
        lens("dmarc-sources-failing-ips", "Top failing source IPs", R, "table",
             [terms("source.ip", "Source IP", 50), terms("source.domain", "Reverse DNS", 1)],
             [FAILING, MESSAGES], RECORD_TYPES, query='dmarc_result : "fail"'),
        lens("dmarc-sources-service-type", "Messages by kind of sender", R, "donut",
             [terms("source.service_type", "Kind of sender", 10)], [MESSAGES], RECORD_TYPES),
        lens("dmarc-sources-networks", "Failing source networks", R, "bar_horizontal",
             [terms("source.network", "Network", 20)], [FAILING], RECORD_TYPES, query='dmarc_result : "fail"'),
        lens("dmarc-sources-rdns", "Reverse DNS status", R, "donut",
             [terms("source.rdns_status", "Reverse DNS", 5)], [MESSAGES], RECORD_TYPES),
    ]),
    "dmarc-alignment": ("DMARC: Alignment", "SPF and DKIM alignment as reported, and where our recomputation disagrees.", [
        lens("dmarc-alignment-matrix", "DKIM and SPF as evaluated by receivers", R, "table",
             [terms("policy_evaluated.dkim", "DKIM", 3), terms("policy_evaluated.spf", "SPF", 3)], [MESSAGES], RECORD_TYPES),
        lens("dmarc-alignment-dkim-over-time", "DKIM alignment over time", R, "bar_percentage_stacked",
             [over_time(), terms("policy_evaluated.dkim", "DKIM", 3)], [MESSAGES], RECORD_TYPES),
        lens("dmarc-alignment-spf-over-time", "SPF alignment over time", R, "bar_percentage_stacked",
             [over_time(), terms("policy_evaluated.spf", "SPF", 3)], [MESSAGES], RECORD_TYPES),
        lens("dmarc-alignment-dkim-results", "DKIM signatures (selector / domain / result)", R, "table",
             [terms("dkim_results", "Signature", 50)], [MESSAGES], RECORD_TYPES),
        lens("dmarc-alignment-spf-results", "SPF checks (domain / scope / result)", R, "table",
             [terms("spf_results", "SPF check", 50)], [MESSAGES], RECORD_TYPES),
        lens("dmarc-alignment-disagreements", "Recomputed alignment disagrees with the receiver", R, "table",
             [terms("identifiers.header_from", "header_from", 25), terms("alignment.disagrees", "Disagrees on", 2),
              terms("source.ip", "Source IP", 10)],
             [MESSAGES, count("Rows")], RECORD_TYPES,
             query="alignment.disagrees : *"),
    ]),
    "dmarc-dns-health": ("DMARC: DNS health", "What DNS says now: SPF, DKIM keys and DMARC policy drift.", [
        lens("dmarc-dns-spf-now", "SPF evaluated now", R, "donut",
             [terms("spf_now.result", "SPF now", 8)], [MESSAGES], RECORD_TYPES),
        lens("dmarc-dns-spf-disagrees", "SPF now differs from the report", R, "table",
             [terms("spf_now.domain", "SPF domain", 25), terms("spf_now.result", "Now", 8), terms("spf_now.reported", "Reported", 8)],
             [MESSAGES], RECORD_TYPES, query="spf_now.reported : *"),
        # rows name only the keys that are not healthy now
        lens("dmarc-dns-dkim-keys", "DKIM keys in use that need fixing", R, "table",
             [terms("dkim_keys.location", "Key", 50), terms("dkim_keys.status", "Now", 8)],
             [MESSAGES], RECORD_TYPES),
        # the DMARC record now is found once per report and kept on the report's document
        lens("dmarc-dns-dmarc-now", "DMARC record now", "dmarc-reports", "table",
             [terms("policy_published.domain", "Domain", 50), terms("dmarc_now.status", "Record", 5), terms("dmarc_now.p", "p=", 3)],
             [sum_of("messages", "Messages"), count("Reports")], {}),
        lens("dmarc-dns-drift", "Published policy differs from what receivers applied", "dmarc-reports", "table",
             [terms("policy_published.domain", "Domain", 50), terms("dmarc_now.drift", "Difference", 10)],
             [sum_of("messages", "Messages"), count("Reports")], {}, query="dmarc_now.drift : *"),
    ]),
    "dmarc-reporters": ("DMARC: Reporters", "Who reports, how much, and what had to be repaired or refused.", [
        lens("dmarc-reporters-table", "Reporters", "dmarc-reports", "table",
             [terms("org_name", "Reporter", 50)],
             [count("Reports"), sum_of("messages", "Messages"), sum_of("records", "Rows"), unique("policy_published.domain", "Domains")],
             {}),
        lens("dmarc-reporters-over-time", "Reports received", "dmarc-reports", "bar_stacked",
             [over_time(), terms("org_name", "Reporter", 10)], [count("Reports")], {}),
        lens("dmarc-reporters-warnings", "Repairs per reporter", "dmarc-reports", "table",
             [terms("org_name", "Reporter", 25), terms("warning_codes", "Warning", 10)], [count("Reports")], {}),
        lens("dmarc-reporters-reused-ids", "Reports reusing another's report_id", "dmarc-reports", "table",
             [terms("org_name", "Reporter", 25), terms("report_id", "report_id", 25)], [count("Reports")], {},
             query="report_id_reused : true"),
        lens("dmarc-reporters-dead-letters", "Dead letters", "dmarc-dead-letters", "table",
             [terms("stage", "Stage", 5), terms("source", "Source", 25)], [count("Dead letters")], {}),
    ]),
    "dmarc-alerts": ("DMARC: Alerts", "Alerts raised on failures, new sources, DNS breakage and missing reports.", [
        lens("dmarc-alerts-open", "Open alerts", "dmarc-alerts", "metric", [], [count("Open alerts", 'status : "open"')], {}),
        lens("dmarc-alerts-table", "Alerts", "dmarc-alerts", "table",
             [terms("domain", "Domain", 50), terms("rule", "Rule", 10), terms("status", "Status", 2)], [count("Alerts")], {}),
        lens("dmarc-alerts-over-time", "Alerts by rule", "dmarc-alerts", "bar_stacked",
             [over_time("last_seen"), terms("rule", "Rule", 10)], [count("Alerts")], {"last_seen": "date"}),
    ]),
}


def data_view(index, name, time_field):
    return {
        "id": index,
        "type": "index-pattern",
        "attributes": {"title": index, "name": name, "timeFieldName": time_field},
        "references": [],
        "coreMigrationVersion": "8.8.0",
        "typeMigrationVersion": "8.0.0",
    }


def dashboard(dashboard_id, title, description, panels):
    placed, references = [], []
    for i, panel in enumerate(panels):
        key = f"p{i}"
        placed.append({"type": "lens", "panelIndex": key, "panelRefName": f"panel_{key}", "embeddableConfig": {},
                       "gridData": {"x": (i % 2) * 24, "y": (i // 2) * 15, "w": 24, "h": 15, "i": key}})
        references.append({"name": f"{key}:panel_{key}", "type": "lens", "id": panel["id"]})
    return {
        "id": dashboard_id,
        "type": "dashboard",
        "attributes": {
            "title": title,
            "description": description,
            "panelsJSON": json.dumps(placed),
            "optionsJSON": json.dumps({"useMargins": True, "syncColors": True, "hidePanelTitles": False}),
            "timeRestore": True,
            "timeFrom": "now-30d",
            "timeTo": "now",
            "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []})},
        },
        "references": references,
        "coreMigrationVersion": "8.8.0",
        "typeMigrationVersion": "8.9.0",
    }


def main():
    objects = [data_view(index, *spec) for index, spec in DATA_VIEWS.items()]
    for dashboard_id, (title, description, panels) in DASHBOARDS.items():
        objects.extend(panels)
        objects.append(dashboard(dashboard_id, title, description, panels))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dmarc-dashboards.ndjson")
    with open(out, "w") as f:
        for obj in objects:
            f.write(json.dumps(obj, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {len(objects)} saved objects to {out}")


if __name__ == "__main__":
    main()
