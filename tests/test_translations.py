"""Every project string is translated, in both Chinese catalogues, and the
catalogues are current with the code; Wagtail's own screens speak Chinese too."""

import filecmp
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from opencc import OpenCC

ROOT = Path(__file__).resolve().parent.parent
# The server's strings (django) and the admin scripts' (djangojs), with the
# fewest entries each may hold.
DOMAINS = {"django": 50, "djangojs": 20}
CATALOGUES = {
    (lang, domain): ROOT / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
    for lang in ("zh_Hans", "zh_Hant")
    for domain in DOMAINS
}
# Characters that OpenCC, one at a time, turns into a variant although they
# are good Traditional usage in context: 台 (台賬, 後台), 准 (批准, not 標準), 里 (里程碑).
TRADITIONAL_AS_WRITTEN = set("台准里")


def untranslated(po):
    return [
        e.msgid
        for e in po
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr))
    ]


@pytest.mark.parametrize(("lang", "domain"), CATALOGUES)
def test_every_msgid_is_translated(lang, domain):
    po = polib.pofile(str(CATALOGUES[lang, domain]))
    assert len(po) > DOMAINS[domain]
    assert untranslated(po) == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_traditional_catalogue_has_no_simplified_characters(domain):
    to_traditional = OpenCC("s2tw")
    po = polib.pofile(str(CATALOGUES["zh_Hant", domain]))
    offenders = {}
    for entry in po:
        text = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
        simplified = {c for c in text if to_traditional.convert(c) != c and c not in TRADITIONAL_AS_WRITTEN}
        if simplified:
            offenders[entry.msgid] = "".join(sorted(simplified))
    assert offenders == {}


# Chinese sentences take full-width punctuation: no ". , : ; ? ! ( )" next to
# a Chinese character or quote (a space between counts as next to).
# Placeholders, HTML tags, entities and quoted characters (“.”) are set aside
# first: "%(name)s." ends in a Latin placeholder, "<b>{title}</b>" is markup.
HAN = r"[\u3400-\u9fff\uf900-\ufaff“”「」『』]"
HALF_WIDTH_NEXT_TO_HAN = re.compile(rf"{HAN} ?[.,:;?!()]|[.,:;?!()] ?{HAN}")
NOT_TEXT = re.compile(r"“[^”]{1,3}”|「[^」]{1,3}」|\.?%\([^)]*\)[sdifr]|%[sdif]|\{[^{}]*\}|<[^>]+>|&#?\w+;")


def msgstrs(po):
    for entry in po:
        if not entry.obsolete:
            texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            yield entry, [text for text in texts if text]


def half_width_in_chinese(text):
    return HALF_WIDTH_NEXT_TO_HAN.findall(NOT_TEXT.sub("\0", text))


@pytest.mark.parametrize(("lang", "domain"), CATALOGUES)
def test_chinese_sentences_take_full_width_punctuation(lang, domain):
    po = polib.pofile(str(CATALOGUES[lang, domain]))
    offenders = {
        entry.msgid: text for entry, texts in msgstrs(po) for text in texts if half_width_in_chinese(text)
    }
    assert offenders == {}


def test_the_punctuation_check_sees_what_a_reader_sees():
    assert half_width_in_chinese("标题: (A -> Z)") and half_width_in_chinese("未发布.")
    assert half_width_in_chinese('带空格的多词标签将自动加上双引号(")。')
    assert not half_width_in_chinese("“%(title)s”已于 %(time)s 发布。")
    assert not half_width_in_chinese("<b>“{title}”</b>已由<b>您</b>锁定。") and not half_width_in_chinese(
        "第 1.2 节"
    )


# Catalogues of Django and the installed apps that a user may read through
# the portal (Django's own admin is not served).
NOT_SERVED = {"django.contrib.admin"}


def shipped_catalogues(lang, domain):
    import django
    from django.apps import apps

    paths = [Path(django.__file__).parent / "conf"]
    paths += [Path(c.path) for c in apps.get_app_configs() if c.name not in NOT_SERVED]
    for path in paths:
        po = path / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
        if po.exists():
            yield polib.pofile(str(po))


@pytest.mark.parametrize(("lang", "domain"), CATALOGUES)
def test_shipped_translations_with_half_width_punctuation_are_corrected(lang, domain):
    """What Django or Wagtail ship as "未发布." the portal's catalogue (first
    in LOCALE_PATHS) says as "已取消发布“…”。" (portal/shipped_strings.py)."""
    ours = {
        (e.msgctxt, e.msgid) for e, texts in msgstrs(polib.pofile(str(CATALOGUES[lang, domain]))) if texts
    }
    uncorrected = [
        entry.msgid
        for po in shipped_catalogues(lang, domain)
        for entry, texts in msgstrs(po)
        if "fuzzy" not in entry.flags
        and any(half_width_in_chinese(t) for t in texts)
        and (entry.msgctxt, entry.msgid) not in ours
    ]
    assert uncorrected == [], "list them in portal/shipped_strings.py or .js, then `make messages`"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "required", "no_nul"),
    [("zh-hans", "请填写此项。", "不允许包含空字符"), ("zh-hant", "請填寫此項。", "不允許包含空字元")],
)
def test_djangos_form_errors_read_naturally(language, required, no_nul):
    from django import forms
    from django.utils import translation

    class Form(forms.Form):
        name = forms.CharField()

    with translation.override(language):
        assert Form({}).errors["name"] == [required]
        assert no_nul in Form({"name": "许\x00强"}).errors["name"][0]


# Traditional Chinese quotes with corner brackets, as the policy does.
@pytest.mark.parametrize("domain", DOMAINS)
def test_traditional_catalogue_quotes_with_corner_brackets(domain):
    po = polib.pofile(str(CATALOGUES["zh_Hant", domain]))
    offenders = [entry.msgid for entry, texts in msgstrs(po) if any(re.search("[“”‘’]", t) for t in texts)]
    assert offenders == []


# The glossary's terms that have one rendering (../shared/GLOSSARY.md): a
# message that names the thing in English names it so in Chinese.
GLOSSARY = [
    (r"\bcheckpoints?\b", "校验点", "校驗點"),
    (r"\bdepartments?\b", "部门", "部門"),
    (r"\bconfidentiality\b(?! term)", "密级", "密級"),
    (r"\baccess requests?\b", "查阅申请", "查閱申請"),
    (r"\bapproval sheets?\b", "审批单", "審批單"),
    (r"\bcirculat", "传阅", "傳閱"),
    (r"\bdrafter\b", "起草人", "起草人"),
    (r"\bdocument numbers?\b", "文号", "文號"),
    (r"\bretention period", "保管期限", "保管期限"),
    (r"\bread confirmations?\b", "阅读确认", "閱讀確認"),
    (r"\bcountersign", "会签", "會簽"),
    (r"\btrail\b", "留痕", "留痕"),
    (r"\bgrants?\b", "授权", "授權"),
    (r"\barchivists?\b", "档案管理员", "檔案管理員"),
    (r"\btwo-factor\b", "双因素", "雙因素"),
    (r"\bbackup codes?\b", "备用验证码", "備用驗證碼"),
]
# Messages whose thing has its own name: a circulation for action is 阅办.
GLOSSARY_OWN_NAMES = {"Circulation for action"}
# Renderings the glossary does not use for these things.
NOT_GLOSSARY = {"zh_Hans": ["拟稿人"], "zh_Hant": ["擬稿人", "會籤"]}


@pytest.mark.parametrize("lang", ["zh_Hans", "zh_Hant"])
def test_catalogue_keeps_to_the_glossary(lang):
    po = polib.pofile(str(CATALOGUES[lang, "django"]))
    column = 1 if lang == "zh_Hans" else 2
    offenders = []
    for entry, texts in msgstrs(po):
        english = "" if entry.msgid in GLOSSARY_OWN_NAMES else NOT_TEXT.sub("", entry.msgid)
        for term in GLOSSARY:
            if re.search(term[0], english, re.IGNORECASE) and not all(term[column] in t for t in texts):
                offenders.append((term[column], entry.msgid))
        offenders += [(word, entry.msgid) for word in NOT_GLOSSARY[lang] if any(word in t for t in texts)]
    assert offenders == []


def _strip_dates(path):
    return [line for line in path.read_text().splitlines() if "-Date:" not in line]


def test_makemessages_would_not_change_the_catalogues(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "__pycache__", "*.mo", "tests", "bench", "node_modules"
        ),
    )
    for domain in DOMAINS:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-d",
                domain,
                "-l",
                "zh_Hans",
                "-l",
                "zh_Hant",
                "--no-location",
                "--no-obsolete",
                "-v",
                "0",
            ],
            cwd=copy,
            check=True,
            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        )
    for (lang, domain), original in CATALOGUES.items():
        regenerated = copy / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
        if not filecmp.cmp(original, regenerated, shallow=False):
            assert _strip_dates(regenerated) == _strip_dates(original), (
                f"run `make messages` ({lang}, {domain})"
            )


def test_the_list_of_wagtail_strings_is_current():
    """After a Wagtail upgrade this fails until portal/wagtail_strings.py and
    .js list what the new Wagtail ships untranslated (then `make messages`)."""
    result = subprocess.run(
        [sys.executable, ".ci/wagtail_strings.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# Strings of Wagtail's own screens that Wagtail 8 ships without a Chinese
# translation (the last one only without a Traditional one): (screen, English,
# Simplified, Traditional).
WAGTAIL_SCREEN_STRINGS = [
    ("dashboard", "Search all pages…", "搜索全部页面…", "搜尋全部頁面…"),
    ("explorer", "Has child pages", "有子页面", "有子頁面"),
    ("explorer", "Edited by", "编辑人", "編輯人"),
    ("editor", "Schedule to publish", "计划发布", "計劃發佈"),
    ("editor", "Content metrics", "内容指标", "內容指標"),
    ("explorer", "Show filters", "显示过滤器", "顯示篩選器"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_wagtail_screens_are_in_the_users_chinese(language, leader, home_page, verified_client):
    # Scheduling shows to who may publish the home page (no role may: a superuser).
    leader.is_superuser = True
    leader.save()
    client = _client_in(language, leader, verified_client)
    screens = {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{home_page.pk}/",
        "editor": f"/admin/pages/{home_page.pk}/edit/",
    }
    pages = {}
    for screen, url in screens.items():
        response = client.get(url)
        assert response.status_code == 200
        pages[screen] = html.unescape(response.content.decode())
    for screen, english, simplified, traditional in WAGTAIL_SCREEN_STRINGS:
        chinese = simplified if language == "zh-hans" else traditional
        assert chinese in pages[screen], (screen, english)
        assert english not in pages[screen], (screen, english)


# Strings of the admin's scripts (the block menu of the rich text editor; the
# last one Wagtail ships in Simplified only).
WAGTAIL_SCRIPT_STRINGS = [
    ("Split block", "拆分区块", "拆分區塊"),
    (
        "Write something or type ‘/’ to insert a block",
        "输入内容，或键入“/”插入区块",
        "輸入內容，或鍵入「/」插入區塊",
    ),
    ("Toggle sidebar", "切换侧边栏", "切換側邊欄"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_wagtail_scripts_are_in_the_users_chinese(language, leader, verified_client):
    client = _client_in(language, leader, verified_client)
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    for english, simplified, traditional in WAGTAIL_SCRIPT_STRINGS:
        chinese = simplified if language == "zh-hans" else traditional
        assert f"{json.dumps(english)}: {json.dumps(chinese)}" in catalogue, english


def _client_in(language, user, verified_client):
    client = verified_client(user)
    client.post("/accounts/language/", {"language": language, "next": "/"})
    return client
