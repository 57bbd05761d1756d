from portal.search.segment import index_text, normalize, query_terms, tokens


def test_chinese_runs_become_bigrams_then_characters():
    assert tokens("全程留痕") == ["全程", "程留", "留痕", "全", "程", "留", "痕"]


def test_traditional_fullwidth_and_case_fold_to_one_form():
    assert normalize("全程留痕跡檔案") == "全程留痕迹档案"
    assert normalize("ＩＳＯ９００１") == "iso9001"
    assert index_text("檔案") == index_text("档案")


def test_query_terms_keep_words_and_make_phrases_of_chinese():
    assert query_terms("2026 合同 ISO9001") == [("word", "2026"), ("phrase", "合同"), ("word", "iso9001")]
    assert query_terms("〔2026〕行字第012号") == [
        ("word", "2026"),
        ("phrase", "行字 字第"),
        ("word", "012"),
        ("word", "号"),
    ]
    assert query_terms("留痕跡") == [("phrase", "留痕 痕迹")]
    assert query_terms("档") == [("word", "档")]
    assert query_terms(" 、。！ ") == []
