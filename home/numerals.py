"""Chinese numerals for the numbering of chapters and clauses (第一章, 第十二条)."""

DIGITS = "零一二三四五六七八九"


def chinese_numeral(number):
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (1 to 9999)."""
    if number <= 0:
        return DIGITS[0]
    parts = []
    zero_pending = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, value)
        if digit:
            if zero_pending:
                parts.append(DIGITS[0])
            parts.append(DIGITS[digit] + unit)
            zero_pending = False
        elif parts:
            zero_pending = True
    text = "".join(parts)
    # 十二, not 一十二, at the start of a number.
    return text[1:] if text.startswith("一十") else text
