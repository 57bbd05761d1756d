"""Converting stored Simplified text for a 繁體 reader (portal/script.py):
phrase-level wording per region, the portal's own terms, and HTML whose form
values, scripts and stored regions are left as they are."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe

from portal import script


def test_phrases_read_as_in_taiwan_by_default():
    assert script.to_traditional("软件信息内存") == "軟體資訊記憶體"
    assert script.to_traditional("留痕记录门户") == "留痕記錄門戶"
    assert script.to_traditional("全程留痕管理制度") == "全程留痕管理制度"


def test_the_variant_setting_switches_to_hong_kong_wording():
    with override_settings(LIUHEN_TRADITIONAL_VARIANT="hk"):
        assert script.to_traditional("软件信息内存") == "軟件信息內存"
        assert script.to_traditional("留痕记录门户") == "留痕記錄門户"
    with override_settings(LIUHEN_TRADITIONAL_VARIANT="cn"), pytest.raises(Exception, match="tw, hk"):
        script.to_traditional("记录")


def test_the_portals_terms_keep_the_interfaces_words():
    """OpenCC's Taiwan phrases are software vocabulary; an office record keeps
    the words its interface uses."""
    converted = script.to_traditional("已发布的文件、查阅权限、培训对象、信息安全、项目立项")
    assert converted == "已發布的文件、查閱權限、培訓對象、資訊安全、項目立項"


def test_text_already_traditional_is_left_as_written():
    # s2twp alone would turn these into 釋出 and 許可權.
    assert script.to_traditional("發佈 權限 項目") == "發佈 權限 項目"


def test_html_converts_what_is_read_and_never_what_a_form_sends_back():
    html = (
        '<title>留痕记录</title><h1 title="记录">管理制度：记录</h1>'
        '<a href="/记录/">门户</a><img alt="门户" src="/a.png">'
        '<input name="title" value="记录" placeholder="记录"><textarea>记录</textarea>'
        '<select><option value="7">行政办公室</option><option>办公室</option></select>'
        '<script type="application/json">{"title": "记录"}</script><style>.记录{}</style>'
        '<div data-w-block-data="{&quot;记录&quot;}">正文：记录</div>'
        '<div contenteditable="true"><p>编辑中</p><div>记录</div></div>'
        "<section data-as-stored><div><p>留痕记录</p></div>记录</section><p>门户</p><!-- 记录 -->"
    )
    assert script.convert_html(html) == (
        '<title>留痕記錄</title><h1 title="記錄">管理制度：記錄</h1>'
        '<a href="/记录/">門戶</a><img alt="門戶" src="/a.png">'
        '<input name="title" value="记录" placeholder="记录"><textarea>记录</textarea>'
        '<select><option value="7">行政辦公室</option><option>办公室</option></select>'
        '<script type="application/json">{"title": "记录"}</script><style>.记录{}</style>'
        '<div data-w-block-data="{&quot;记录&quot;}">正文：記錄</div>'
        '<div contenteditable="true"><p>编辑中</p><div>记录</div></div>'
        "<section data-as-stored><div><p>留痕记录</p></div>记录</section><p>門戶</p><!-- 记录 -->"
    )


def test_html_leaves_the_interfaces_traditional_words_as_translated():
    assert script.convert_html("<p>發佈</p><p>權限</p><p>信息</p>") == "<p>發佈</p><p>權限</p><p>信息</p>"


def test_to_display_follows_the_readers_language():
    with translation.override("zh-hant"):
        assert script.to_display("留痕记录") == "留痕記錄"
    with translation.override("zh-hans"):
        assert script.to_display("留痕记录") == "留痕记录"
    with translation.override("en"):
        assert script.to_display("留痕记录") == "留痕记录"
    assert script.to_display("留痕记录", "zh-hant") == "留痕記錄"


def test_template_filter_converts_and_keeps_escaping():
    template = Template("{% load script %}{{ title|to_display }} {{ body|to_display }}")
    context = Context({"title": "<记录>", "body": mark_safe("<b>门户</b>")})
    with translation.override("zh-hant"):
        assert template.render(context) == "&lt;記錄&gt; <b>門戶</b>"
    with translation.override("zh-hans"):
        assert template.render(context) == "&lt;记录&gt; <b>门户</b>"
