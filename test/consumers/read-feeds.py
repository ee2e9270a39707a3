#!/usr/bin/python3
"""Reads Tributary's output files as an independent consumer would, and prints what it understood.

Atom and RSS go through feedparser (Debian's python3-feedparser, the Universal Feed Parser).
feedparser 6.0 has no JSON Feed reader, so JSON Feed goes through the json module and the
JSON Feed 1.1 rules for what an item must carry.

Usage: read-feeds.py FILE...   Prints one JSON object: {FILE: {bozo, problem, version, entries}}.
"""
import json
import sys

import feedparser

JSON_FEED_11 = "https://jsonfeed.org/version/1.1"


def alternate_link(entry):
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate":
            return link.get("href")
    return None


def read_xml(path):
    parsed = feedparser.parse(path)
    problem = parsed.get("bozo_exception")
    return {
        "bozo": 1 if parsed.bozo else 0,
        "problem": str(problem) if problem else None,
        "version": parsed.get("version"),
        "entries": [
            {
                "id": entry.get("id"),
                "title": entry.get("title"),
                "link": alternate_link(entry),
                # feedparser's own pick, which falls back to a guid that is a permalink.
                "entry_link": entry.get("link"),
                "source": entry.get("source", {}).get("title"),
            }
            for entry in parsed.entries
        ],
    }


def read_json_feed(path):
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as error:
        return {"bozo": 1, "problem": str(error), "version": None, "entries": []}
    problems = []
    if document.get("version") != JSON_FEED_11:
        problems.append("version is not %s" % JSON_FEED_11)
    if not isinstance(document.get("title"), str):
        problems.append("no title")
    for index, item in enumerate(document.get("items", [])):
        if not isinstance(item.get("id"), str):
            problems.append("items[%d] has no string id" % index)
        if "content_html" not in item and "content_text" not in item:
            problems.append("items[%d] has neither content_html nor content_text" % index)
    return {
        "bozo": 1 if problems else 0,
        "problem": "; ".join(problems) or None,
        "version": document.get("version"),
        "entries": [
            {
                "id": item.get("id"),
                "title": item.get("title"),
                "link": item.get("url"),
                "source": item.get("_source", {}).get("title") or item.get("_source", {}).get("name"),
            }
            for item in document.get("items", [])
        ],
    }


def main(paths):
    results = {}
    for path in paths:
        results[path] = read_json_feed(path) if path.endswith(".json") else read_xml(path)
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
