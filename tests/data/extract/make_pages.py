#!/usr/bin/env python3
"""Build the dev extraction corpus from hand-written article sources (stdlib only).

Sources live in dev/_src/*.src. Each source file holds one or more documents:

    @@@ d001-some-slug
    kind: html | txt
    layout: ledger | wire | techdesk | metro | bulletin | gazette | digest
    pubmeta: og | jsonld | time        (html only; where the published time goes)
    url: ...
    title: ...
    published: 2021-10-05T08:30:00Z
    section: ... / author: ... / dek: ...
    --- body
    paragraphs separated by blank lines ("## " = subheading, "> " = blockquote, "!fig " = a figure whose
    caption is the rest of the paragraph; a paragraph whose every line starts "- " is a bullet list, one
    whose every line starts "| " is a table with cells split by " | ")
    --- gold
    { partial gold JSON; url/title/published are filled from the header }

Usage:  python3 make_pages.py build [bNN ...]   # writes dev/NAME.html|txt + dev/NAME.json
        python3 make_pages.py check   # validates gold files, prints coverage table
"""

import glob
import html
import json
import os
import random
import re
import sys
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.join(HERE, "dev")
SRC = os.path.join(DEV, "_src")
KEYS = [
    "url",
    "title",
    "published",
    "is_outage",
    "service",
    "services",
    "regions",
    "global",
    "start",
    "end",
    "duration_minutes",
    "error_messages",
    "report_counts",
    "causes",
    "features",
    "notes",
]
DEFAULTS = {
    "is_outage": True,
    "service": None,
    "services": [],
    "regions": [],
    "global": False,
    "start": None,
    "end": None,
    "duration_minutes": None,
    "error_messages": [],
    "report_counts": [],
    "causes": [],
    "features": [],
    "notes": "",
}
CAUSES = {
    "config_change",
    "dns",
    "bgp_routing",
    "software_bug",
    "certificate",
    "capacity",
    "power",
    "hardware",
    "third_party",
    "cyberattack",
}
FEATURES = {
    "login",
    "web",
    "mobile_app",
    "notifications",
    "api",
    "payments",
    "messaging",
    "voice_video",
    "search",
    "uploads",
    "email",
    "streaming",
    "feed",
    "gaming",
    "cloud_compute",
    "storage",
    "dns_resolution",
    "cdn",
}
QUALS = {"more than", "about", "nearly", "up to", "at least", "over", "fewer than", None}
MACRO = {
    "Europe",
    "North America",
    "South America",
    "Latin America",
    "Asia",
    "Asia-Pacific",
    "Middle East",
    "Africa",
    "Oceania",
    "Scandinavia",
}

# ---------------------------------------------------------------- boilerplate pools
RELATED = [
    "Microsoft apologises after Outlook and Teams outage hits European offices",
    "Cloudflare outage takes down thousands of websites for half an hour",
    "Why the Fastly outage broke the BBC, Reddit and Amazon at once",
    "AWS says us-east-1 problems are fixed after day of disruption",
    "Slack users report messages failing to send on first day back",
    "Downdetector: the site everyone checks when the internet breaks",
    "Spotify and Discord hit by Google Cloud networking fault",
    "Rogers chief executive apologises for nationwide blackout",
    "WhatsApp back after two-hour outage across India and Europe",
    "Optus boss resigns after outage left millions offline",
    "PlayStation Network down for gamers in the US and Japan",
    "CrowdStrike update grounded flights worldwide, airlines say",
    "Twitter users unable to log in after backend changes",
    "ChatGPT suffers second major outage this month",
    "Roblox finally back online after three-day shutdown",
    "Steam store slow as summer sale draws record traffic",
    "Zoom crashes on first day of virtual school",
    "Netflix says streaming problems during live event were 'unacceptable'",
    "Gmail and YouTube down for 45 minutes after Google login failure",
    "Telstra customers unable to call triple zero during network fault",
    "BT broadband customers report connection drops across England",
    "Vodafone fixes fault that left customers without mobile data",
    "Xbox Live sign-in problems leave players locked out of games",
    "GitHub degraded for a day after data-centre network partition",
    "Reddit down for five hours on Pi Day",
    "Instagram and Facebook log users out in global outage",
    "Salesforce blames DNS change for five-hour outage",
    "Dropbox sync errors resolved after overnight incident",
    "Akamai DNS glitch knocks airline and bank websites offline",
    "Heathrow reopens after substation fire cut power",
]
MOSTREAD = [
    "The best budget phones of the year, tested",
    "Interest rates held for third month in a row",
    "Apple unveils new iPad lineup",
    "Ticket prices for summer festivals soar",
    "How to speed up your home Wi-Fi",
    "Electric car sales rise 30% in a year",
    "The 20 best podcasts right now",
    "Google Pixel review: the camera is still king",
    "Amazon Prime Day deals worth buying",
    "Is TikTok about to be banned?",
    "Five ways to cut your energy bill this winter",
    "Meta shares jump after strong quarterly results",
]
COMMENTS = [
    ("kbarnes", "Mine was fine the whole time, I'm on Vodafone."),
    (
        "tech_dad_77",
        'Kept getting "Something went wrong, please try again" on Netflix last night too, is that related?',
    ),
    ("R. Osei", "This is why you don't put all your eggs in one cloud basket."),
    ("mlinnane", "Downdetector had 5,000 reports for my bank app at the same time, coincidence?"),
    ("sunny_side", "Worked fine here in Glasgow."),
    ("Pedro M.", "Reminds me of the 2016 Dyn attack when half the internet went dark."),
    ("ghost_in_shell", "Error 404 on my patience. Third time this year."),
    ("Ayesha", "Our whole office switched to Google Meet and it was honestly better."),
    ("D. Kowalski", "Got a 'Service temporarily unavailable' page from my ISP's site when I tried to check."),
    ("northernlass", "Spent two hours restarting my router for nothing!"),
    ("jt_sf", "Here in San Francisco it was back within 20 minutes."),
    ("anon1234", "Who even uses Facebook anymore?"),
    ("lucas_b", "Someone is getting fired today."),
    ("Mei", "Same in Singapore, my friends said nothing loaded."),
    ("OldSysadmin", "It's always DNS. Always."),
    ("greta_h", "Compensation? We pay $15 a month for this."),
]
NAV = ["Home", "News", "World", "Business", "Technology", "Science", "Sport", "Culture", "Opinion"]


def esc(s):
    return html.escape(s, quote=True)


def fmt_date_human(iso):
    d = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return d.strftime("%d %B %Y, %H:%M UTC").lstrip("0")


def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split(" | ")]


def body_html(paras, ptag="p", pclass=None):
    out = []
    for n, p in enumerate(paras):
        if p.startswith("- "):
            out.append("<ul>" + "".join(f"<li>{esc(x[2:])}</li>" for x in p.split("\n")) + "</ul>")
        elif p.startswith("| "):
            rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in _cells(x)) + "</tr>" for x in p.split("\n"))
            out.append(f"<table>{rows}</table>")
        elif p.startswith("!fig "):
            out.append(f'<figure><img src="/img/fig{n}.jpg" alt=""><figcaption>{esc(p[5:])}</figcaption></figure>')
        elif p.startswith("## "):
            out.append(f"<h2>{esc(p[3:])}</h2>")
        elif p.startswith("> "):
            out.append(f"<blockquote><p>{esc(p[2:])}</p></blockquote>")
        else:
            cls = f' class="{pclass}"' if pclass else ""
            out.append(f"<{ptag}{cls}>{esc(p)}</{ptag}>")
    return "\n        ".join(out)


def pub_meta(doc, mode):
    """Return (head_html, inline_time_html) carrying the published time."""
    pub = doc["published"]
    head, inline = "", ""
    if mode == "og":
        head = f'<meta property="article:published_time" content="{pub}">'
        inline = f'<span class="date">{esc(fmt_date_human(pub))}</span>'
    elif mode == "jsonld":
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": doc["title"],
            "datePublished": pub,
            "author": {"@type": "Person", "name": doc.get("author", "Staff")},
            "publisher": {"@type": "Organization", "name": doc["_site"]},
        }
        head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        inline = f'<span class="pubdate">{esc(fmt_date_human(pub))}</span>'
    else:  # time
        inline = f'<time datetime="{pub}" class="published">{esc(fmt_date_human(pub))}</time>'
    return head, inline


def pick(rng, pool, n):
    return rng.sample(pool, n)


def comments_html(rng, n, style):
    items = []
    for user, text in pick(rng, COMMENTS, n):
        ago = "%d hours ago" % rng.randint(2, 9)
        if style == "ol":
            items.append(
                f'<li class="comment"><b class="comment-author">{esc(user)}</b> <span class="ago">{ago}</span><p>{esc(text)}</p><a class="reply">Reply</a></li>'
            )
        else:
            items.append(
                '<div class="cmt"><div class="cmt-head">%s &middot; %s</div><div class="cmt-body">%s</div><span class="likes">%d likes</span></div>'
                % (esc(user), ago, esc(text), rng.randint(0, 300))
            )
    return "\n".join(items)


def related_html(rng, n, cls, tag="li"):
    return "\n".join(
        '<%s class="%s"><a href="/story/%d">%s</a></%s>' % (tag, cls, rng.randint(1000, 99999), esc(h), tag)
        for h in pick(rng, RELATED, n)
    )


def share_html(cls):
    return f'<div class="{cls}"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">LinkedIn</a> <a href="#">WhatsApp</a> <a href="#">Email</a></div>'


def cookie_html(cls, site):
    return (
        f'<div id="{cls}" class="{cls}" role="dialog"><p>{esc(site)} and our partners use cookies to personalise content and ads, '
        'to provide social media features and to analyse our traffic. By clicking "Accept all" you agree.</p>'
        "<button>Accept all</button><button>Manage settings</button></div>"
    )


def newsletter_html(cls):
    return (
        f'<div class="{cls}"><h3>Get the Tech Briefing</h3><p>Outages, breaches and gadgets: the week in technology, '
        'every Friday. Join 250,000 readers.</p><form><input type="email" placeholder="Your email"><button>Sign up</button></form></div>'
    )


def render_html(doc):
    rng = random.Random(doc["name"])
    layout = doc.get("layout", "ledger")
    site = doc["_site"]
    head_meta, inline_time = pub_meta(doc, doc.get("pubmeta", "og"))
    paras = doc["_paras"]
    title, dek = doc["title"], doc.get("dek", "")
    author = doc.get("author", "Staff reporter")
    section = doc.get("section", "Technology")
    nav = " ".join(f'<a href="/{n.lower()}">{n}</a>' for n in NAV)
    common_head = (
        '<meta charset="utf-8"><title>{} | {}</title>\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta property="og:title" content="{}">\n<meta property="og:site_name" content="{}">\n'
        '<link rel="canonical" href="{}">\n{}'.format(
            esc(title), esc(site), esc(title), esc(site), esc(doc["url"]), head_meta
        )
    )
    year = doc["published"][:4]
    if layout == "ledger":
        page = f"""<!DOCTYPE html>
<html lang="en"><head>{common_head}
<link rel="stylesheet" href="/static/ledger.css"></head>
<body class="ledger">
{cookie_html("cookie-banner", site)}
<header class="site-header"><div class="logo">{esc(site)}</div><nav class="main-nav">{nav}</nav><a class="subscribe" href="/subscribe">Subscribe</a></header>
<div class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/{section.lower()}">{esc(section)}</a></div>
<main id="content">
  <article class="article">
    <h1 class="headline">{esc(title)}</h1>
    <p class="standfirst">{esc(dek)}</p>
    <div class="byline">By <a rel="author">{esc(author)}</a> &middot; {inline_time}</div>
    {share_html("share-bar")}
    <div class="article-body">
        {body_html(paras)}
    </div>
    {share_html("share-bar share-bottom")}
  </article>
  <aside class="related"><h3>Related stories</h3><ul>{related_html(rng, 4, "related-item")}</ul></aside>
  <section class="comments"><h3>Comments ({rng.randint(12, 480)})</h3><ol class="comment-list">{comments_html(rng, 4, "ol")}</ol></section>
</main>
<footer class="site-footer"><p>&copy; {year} {esc(site)}. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a> <a href="/cookies">Cookie policy</a></footer>
</body></html>"""
    elif layout == "wire":
        page = f"""<!doctype html>
<html><head>{common_head}</head>
<body>
<div class="topbar"><span class="brand">{esc(site)}</span><ul class="menu">{"".join(f"<li>{n}</li>" for n in NAV)}</ul></div>
<div class="wrap">
<div class="col-main">
<div class="story">
<div class="kicker">{esc(section)}</div>
<h1>{esc(title)}</h1>
<div class="meta">{esc(author)} | {inline_time}</div>
<div class="story-text">
        {body_html(paras, pclass="txt")}
</div>
<div class="tags">Topics: <a>Technology</a> <a>Internet</a> <a>Outages</a></div>
</div>
{newsletter_html("newsletter-box")}
</div>
<div class="col-side">
<div class="mostread"><h4>Most read</h4><ol>{"".join(f"<li>{esc(h)}</li>" for h in pick(rng, MOSTREAD, 3))}{related_html(rng, 2, "mr")}</ol></div>
<div class="ad-slot">Advertisement</div>
</div>
</div>
<div class="footer">{esc(site)} &middot; Contact &middot; Advertise &middot; Careers &middot; &copy; {year}</div>
</body></html>"""
    elif layout == "techdesk":
        page = f"""<!DOCTYPE html>
<html lang="en-US"><head>{common_head}
<script>window.dataLayer=window.dataLayer||[];</script></head>
<body class="single-post">
<header id="masthead"><a class="site-title">{esc(site)}</a><nav id="primary-menu">{nav}</nav><button class="search-toggle">Search</button></header>
{cookie_html("gdpr-consent", site)}
<main class="site-main">
<article class="post type-post">
<header class="entry-header"><span class="cat-links">{esc(section)}</span><h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta"><span class="author vcard">{esc(author)}</span> {inline_time}</div></header>
<div class="post-content entry-content">
        {body_html(paras)}
</div>
<footer class="entry-footer">{share_html("sharedaddy")}</footer>
</article>
<div class="yarpp-related"><h3>You may also like</h3><ul>{related_html(rng, 3, "yarpp")}</ul></div>
<div id="comments" class="comments-area"><h2 class="comments-title">{rng.randint(5, 90)} thoughts on &ldquo;{esc(title)}&rdquo;</h2><ol class="comment-list">{comments_html(rng, 5, "ol")}</ol>
<div id="respond"><h3>Leave a Reply</h3><textarea></textarea><button>Post Comment</button></div></div>
</main>
<aside id="secondary" class="widget-area">{newsletter_html("widget newsletter")}</aside>
<footer id="colophon">Proudly independent since 2009 &middot; {esc(site)}</footer>
</body></html>"""
    elif layout == "metro":
        page = f"""<!DOCTYPE html>
<html lang="en-GB"><head>{common_head}</head>
<body>
<div class="consent-overlay"><div class="consent-box"><h2>We value your privacy</h2><p>We use cookies and similar technologies. You can change your choices at any time.</p><button class="agree">I agree</button></div></div>
<nav class="navbar"><a class="nav-logo">{esc(site)}</a>{nav}<a>Weather</a><a>Puzzles</a></nav>
<section class="content-main">
<div class="headline-block"><h1 itemprop="headline">{esc(title)}</h1><h2 class="sub">{esc(dek)}</h2>
<p class="author-line">{esc(author)}, {esc(section)} correspondent &mdash; {inline_time}</p></div>
<div class="social-share">Share this article {share_html("icons")}</div>
<div class="text-block" itemprop="articleBody">
        {body_html(paras)}
</div>
<div class="trending"><h3>Trending now</h3>{related_html(rng, 4, "trend", "div")}</div>
<div class="comment-section"><h3>Have your say</h3>{comments_html(rng, 4, "div")}</div>
</section>
<footer><ul><li>About us</li><li>Contact</li><li>Complaints</li><li>Terms</li></ul><p>&copy; {esc(site)} {year}</p></footer>
</body></html>"""
    elif layout == "bulletin":
        page = f"""<html><head>{common_head}</head>
<body bgcolor="#ffffff">
<table width="100%" class="hdr"><tr><td class="logo">{esc(site)}</td><td class="links">{" | ".join(NAV)}</td></tr></table>
<div id="story-container">
<div class="story-headline"><h1>{esc(title)}</h1></div>
<div class="story-date">Posted {inline_time} by {esc(author)}</div>
<div id="story-body">
        {body_html(paras)}
</div>
<div class="story-share">{share_html("share")}</div>
</div>
<div id="sidebar"><div class="box"><b>Elsewhere on {esc(site)}</b><ul>{related_html(rng, 5, "el")}</ul></div>
<div class="box">{newsletter_html("nl")}</div></div>
<div id="comments-block"><b>Reader comments</b>{comments_html(rng, 3, "div")}</div>
<div id="ftr">{esc(site)} &copy; {year}. Reproduction without permission prohibited.</div>
</body></html>"""
    elif layout == "gazette":
        page = f"""<!DOCTYPE html>
<html lang="en"><head>{common_head}</head>
<body class="gz-page">
<div class="gz-cookie" data-consent="pending">This site uses cookies. <a>Learn more</a> <button>OK</button></div>
<header class="gz-header"><div class="gz-brand">{esc(site)}</div><nav class="gz-nav">{nav}</nav></header>
<div class="gz-layout">
<article class="gz-article">
<p class="gz-section">{esc(section)}</p>
<h1 class="gz-title">{esc(title)}</h1>
<p class="gz-dek">{esc(dek)}</p>
<div class="gz-meta"><span class="gz-author">{esc(author)}</span> {inline_time} <span class="gz-readtime">{rng.randint(2, 6)} min read</span></div>
<figure class="gz-figure"><img src="/img/{doc["name"]}.jpg" alt="Illustration"><figcaption>File photo. Credit: Agency</figcaption></figure>
<div class="gz-body">
        {body_html(paras)}
</div>
{share_html("gz-share")}
</article>
<aside class="gz-rail"><h4>Read more</h4><ul>{related_html(rng, 3, "gz-rel")}</ul><h4>Popular</h4><ul>{"".join(f"<li>{esc(h)}</li>" for h in pick(rng, MOSTREAD, 4))}</ul></aside>
</div>
<section class="gz-comments"><h3>Conversation</h3>{comments_html(rng, 5, "div")}</section>
{newsletter_html("gz-newsletter")}
<footer class="gz-footer">{esc(site)} is part of Example Media Group. &copy; {year}</footer>
</body></html>"""
    else:  # digest
        page = f"""<!DOCTYPE html>
<html><head>{common_head}<style>.d-main{{max-width:680px}}</style></head>
<body>
<div class="d-header"><span>{esc(site)}</span> <span class="d-tag">{esc(section)}</span> <a>Log in</a> <a>Register</a></div>
<div class="d-main">
<h1>{esc(title)}</h1>
<div class="d-info">{inline_time} &bull; {esc(author)}</div>
<section class="d-content">
        {body_html(paras)}
</section>
<div class="d-related"><strong>Previously on {esc(site)}:</strong><ul>{related_html(rng, 3, "d-prev")}</ul></div>
<div class="d-discuss"><strong>Discussion</strong><ol>{comments_html(rng, 3, "ol")}</ol></div>
</div>
<div class="d-foot">Sent to you by {esc(site)}. <a>Unsubscribe</a> &middot; <a>Manage cookies</a></div>
</body></html>"""
    return page


def parse_sources(only=None):
    docs = []
    for path in sorted(glob.glob(os.path.join(SRC, "*.src"))):
        if only and os.path.basename(path)[:-4] not in only:
            continue
        text = open(path, encoding="utf-8").read()
        for chunk in re.split(r"^@@@ ", text, flags=re.M)[1:]:
            name, rest = chunk.split("\n", 1)
            head, rest = rest.split("--- body\n", 1)
            body, gold = rest.split("--- gold\n", 1)
            doc = {"name": name.strip()}
            for line in head.strip().splitlines():
                k, v = line.split(":", 1)
                doc[k.strip()] = v.strip()
            doc["_paras"] = [_para(p) for p in body.strip().split("\n\n") if p.strip()]
            doc["_gold"] = json.loads(gold)
            doc["_site"] = doc.get("site") or re.sub(
                r"^https?://(www\.)?([^/]+).*$", r"\2", doc.get("url", "example.test")
            )
            docs.append(doc)
    return docs


def _para(p):
    """One paragraph of a source body: lines joined, except list and table lines, which stay lines."""
    lines = [x.strip() for x in p.strip().splitlines()]
    if all(x.startswith("- ") for x in lines) or all(x.startswith("| ") for x in lines):
        return "\n".join(lines)
    return re.sub(r"\s*\n\s*", " ", p.strip())


def _txt_para(p):
    if p.startswith("## "):
        return p[3:]
    if p.startswith("!fig "):
        return p[5:]
    if p.startswith("| "):
        return "\n".join(" | ".join(_cells(x)) for x in p.split("\n"))
    return p if p.startswith("- ") else p.lstrip("> ")


def build(only=None):
    docs = parse_sources(only)
    for doc in docs:
        g = dict(DEFAULTS)
        g.update(doc["_gold"])
        g["url"] = doc.get("url") if doc["kind"] == "html" else None
        g["title"] = doc["title"]
        g["published"] = doc["published"]
        if not g["is_outage"]:
            for k in ("service",):
                g[k] = None
        gold = {k: g[k] for k in KEYS}
        base = os.path.join(DEV, doc["name"])
        if doc["kind"] == "html":
            open(base + ".html", "w", encoding="utf-8").write(render_html(doc))
        else:
            lines = [doc["title"], ""]
            if doc.get("byline"):
                lines += [doc["byline"], ""]
            for p in doc["_paras"]:
                lines += [_txt_para(p), ""]
            open(base + ".txt", "w", encoding="utf-8").write("\n".join(lines).rstrip() + "\n")
        json.dump(gold, open(base + ".json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
        open(base + ".json", "a").write("\n")
    print("built %d documents" % len(docs))


def text_of(path):
    t = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        t = html.unescape(re.sub(r"<[^>]+>", " ", t))
    return t


def check():
    sect = open(os.path.join(HERE, "GUIDELINES.md")).read().split("## Canonical service names")[1]
    sect = re.sub(r"\s+", " ", sect.split("For a service not listed")[0].split("one per product:")[1])
    sect = re.sub(r"\([^)]*\)", "", sect)
    canon = {x.strip() for x in re.split(r"[,;]|\.\s*$", sect) if x.strip()}
    extra_path = os.path.join(HERE, "services_used.txt")
    extra = set()
    if os.path.exists(extra_path):
        extra = {
            line.split("\t")[0].split(" (")[0].strip()
            for line in open(extra_path)
            if line.strip() and not line.startswith("#")
        }
    problems, rows = [], []
    cov = {}
    tzs = {}
    docs = parse_sources()
    srcmap = {d["name"]: d for d in docs}
    files = sorted(glob.glob(os.path.join(DEV, "*.json")))
    for jp in files:
        name = os.path.basename(jp)[:-5]
        try:
            g = json.load(open(jp, encoding="utf-8"))
        except Exception as e:
            problems.append(f"{name}: bad json {e}")
            continue
        doc_path = [
            p
            for p in (os.path.join(DEV, name + ".html"), os.path.join(DEV, name + ".txt"))
            if os.path.exists(p)
        ]
        if len(doc_path) != 1:
            problems.append(f"{name}: expected exactly one .html/.txt")
            continue
        dp = doc_path[0]
        missing = [k for k in KEYS if k not in g]
        if missing:
            problems.append(f"{name}: missing keys {missing}")
        if g.get("service") and g["service"] not in g.get("services", []):
            problems.append(f"{name}: service not in services")
        for s in g.get("services", []):
            if s not in canon and s not in extra:
                problems.append(f"{name}: service {s!r} not canonical and not in services_used.txt")
        if not g["is_outage"] and (
            g["service"]
            or g["services"]
            or g["regions"]
            or g["report_counts"]
            or g["causes"]
            or g["error_messages"]
            or g["start"]
        ):
            problems.append(f"{name}: negative with labels")
        for c in g.get("causes", []):
            if c not in CAUSES:
                problems.append(f"{name}: bad cause {c}")
        for f in g.get("features", []):
            if f not in FEATURES:
                problems.append(f"{name}: bad feature {f}")
        for rc in g.get("report_counts", []):
            if (
                set(rc) != {"count", "region", "service", "qualifier", "source"}
                or not isinstance(rc["count"], int)
                or rc["qualifier"] not in QUALS
            ):
                problems.append(f"{name}: bad report_count {rc}")
            if rc.get("service") and rc["service"] not in g["services"]:
                problems.append("{}: report_count service {} not in services".format(name, rc["service"]))
        for t in ("start", "end"):
            v = g.get(t)
            if v and not re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?", v):
                problems.append(f"{name}: bad {t} {v}")
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", g.get("published") or ""):
            problems.append(f"{name}: bad published")
        if (
            g.get("start")
            and g.get("end")
            and len(g["start"]) > 10
            and len(g["end"]) > 10
            and g.get("duration_minutes") is not None
        ):
            a = datetime.strptime(g["start"], "%Y-%m-%dT%H:%M:%SZ")
            b = datetime.strptime(g["end"], "%Y-%m-%dT%H:%M:%SZ")
            m = (b - a).total_seconds() / 60
            if abs(m - g["duration_minutes"]) > max(15, 0.1 * m):
                problems.append("%s: duration %s vs start/end %d" % (name, g["duration_minutes"], m))
        for r in g.get("regions", []):
            if r.lower() in ("uk", "us", "usa", "european", "britain", "worldwide", "global"):
                problems.append(f"{name}: non-canonical region {r}")
        text = text_of(dp)
        if dp.endswith(".html") and g["published"] not in open(dp, encoding="utf-8").read():
            problems.append(f"{name}: published time not in page metadata")
        for em in g.get("error_messages", []):
            if em.lower() not in text.lower():
                problems.append(f"{name}: error message not in text: {em!r}")
        src = srcmap.get(name, {})
        tags = [t.strip() for t in src.get("traps", "").split(",") if t.strip()]
        for t in tags:
            cov.setdefault(t, []).append(name[:4])
        for z in [z.strip() for z in src.get("tz", "").split(",") if z.strip()]:
            tzs.setdefault(z, []).append(name[:4])
        rows.append(
            (
                name,
                dp[-4:].lstrip("."),
                g["is_outage"],
                g["service"],
                len(g["services"]),
                len(g["regions"]),
                g["start"] or "-",
                len(g["error_messages"]),
                len(g["report_counts"]),
                ",".join(g["causes"]) or "-",
            )
        )
    print(
        "%-44s %-4s %-5s %-20s %3s %3s %-20s %3s %3s %s"
        % ("doc", "kind", "outg", "service", "svc", "reg", "start", "err", "rep", "causes")
    )
    for r in rows:
        print(
            "%-44s %-4s %-5s %-20s %3d %3d %-20s %3d %3d %s"
            % (r[0][:44], r[1], r[2], (r[3] or "-")[:20], r[4], r[5], r[6], r[7], r[8], r[9])
        )
    n_html = sum(1 for r in rows if r[1] == "html")
    n_txt = len(rows) - n_html
    print(
        "\ndocuments: %d (html %d, txt %d), negatives: %d"
        % (len(rows), n_html, n_txt, sum(1 for r in rows if not r[2]))
    )
    layouts = {}
    for d in docs:
        if d["kind"] == "html":
            layouts[d.get("layout")] = layouts.get(d.get("layout"), 0) + 1
    pm = {}
    for d in docs:
        if d["kind"] == "html":
            pm[d.get("pubmeta")] = pm.get(d.get("pubmeta"), 0) + 1
    print("layouts:", layouts, " published-metadata:", pm)
    cnt = {}
    for r in rows:
        for c in r[9].split(",") if r[9] != "-" else []:
            cnt[c] = cnt.get(c, 0) + 1
    print("causes:", dict(sorted(cnt.items())))
    print("\ntrap coverage (docs per trap):")
    for t in sorted(cov):
        print("  %-28s %3d  %s" % (t, len(cov[t]), " ".join(cov[t])))
    print("\ntime zones used:")
    for z in sorted(tzs):
        print("  %-10s %3d  %s" % (z, len(tzs[z]), " ".join(tzs[z])))
    print("\nproblems: %d" % len(problems))
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "build"
    if cmd == "build":
        build(sys.argv[2:] or None)  # build [b14 b15 ...]: only those source files
    elif cmd == "check":
        sys.exit(check())
    else:
        print(__doc__)
