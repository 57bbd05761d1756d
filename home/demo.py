"""The demo organisation: departments, one account per role, a section tree.

Used only by ``seed_demo``; tests build what they need with the factories.
"""

from django.utils.translation import pgettext_lazy

from portal.access.levels import Level
from portal.accounts.roles import Role

# (code, name, parent code)
DEPARTMENTS = [
    ("总", "总经理办公室", None),
    ("行", "行政办公室", None),
    ("财", "财务部", None),
    ("技", "技术研发部", None),
    ("市", "市场营销部", None),
    ("档", "档案室", "行"),
    ("信", "信息技术部", "技"),
    ("审", "内部审计部", None),
]

# (username, display name, title, department code, roles, heads department?)
ACCOUNTS = [
    ("wangjianguo", "王建国", "总经理", "总", [Role.LEADERSHIP], True),
    ("liuxin", "刘欣", "副总经理", "总", [Role.LEADERSHIP], False),
    ("zhaomin", "赵敏", "行政办公室主任", "行", [Role.DEPARTMENT_HEAD, Role.ADMINISTRATION_OFFICE], True),
    ("sunli", "孙丽", "行政专员", "行", [Role.STAFF, Role.ADMINISTRATION_OFFICE], False),
    ("qianfeng", "钱峰", "财务部经理", "财", [Role.DEPARTMENT_HEAD], True),
    ("zhouqing", "周晴", "会计", "财", [Role.STAFF], False),
    ("wuhao", "吴昊", "研发部经理", "技", [Role.DEPARTMENT_HEAD], True),
    ("zhengyu", "郑宇", "软件工程师", "技", [Role.STAFF], False),
    ("chenjing", "陈静", "市场部经理", "市", [Role.DEPARTMENT_HEAD], True),
    ("linfang", "林芳", "客户经理", "市", [Role.STAFF], False),
    ("hemei", "何梅", "档案管理员", "档", [Role.ARCHIVIST], False),
    ("xuqiang", "许强", "系统管理员", "信", [Role.IT], True),
    ("guoyun", "郭云", "审计主管", "审", [Role.INTERNAL_AUDIT], True),
    ("huangshen", "黄慎", "外部审计师", None, [Role.EXTERNAL_AUDITOR], False),
]

# Sub-sections under every department's section.
TOPICS = [
    pgettext_lazy("section", "Policies"),
    pgettext_lazy("section", "Documents"),
    pgettext_lazy("section", "Meetings"),
    pgettext_lazy("section", "Projects"),
]

# Records at every confidentiality level, filed under each department's
# "Documents" topic: department code → (author, [(title, level, named people)]).
RECORDS = {
    "财": (
        "qianfeng",
        [
            ("差旅费报销标准", Level.PUBLIC, []),
            ("2026年度预算编制说明", Level.INTERNAL, []),
            ("2025年度审计调整事项", Level.SECRET, ["guoyun"]),
            ("薪酬调整方案", Level.CONFIDENTIAL, ["zhouqing"]),
        ],
    ),
    "技": (
        "wuhao",
        [
            ("研发部门值班安排", Level.PUBLIC, []),
            ("代码评审规范", Level.INTERNAL, []),
            ("新一代产品技术路线", Level.SECRET, ["chenjing"]),
            ("核心算法专利申请材料", Level.CONFIDENTIAL, ["zhengyu"]),
        ],
    ),
    "市": (
        "chenjing",
        [
            ("品牌视觉规范", Level.PUBLIC, []),
            ("2026年第一季度市场活动计划", Level.INTERNAL, []),
            ("重点客户报价策略", Level.SECRET, ["qianfeng"]),
            ("战略合作谈判底线", Level.CONFIDENTIAL, []),
        ],
    ),
    "行": (
        "zhaomin",
        [
            ("办公用品领用制度", Level.PUBLIC, []),
            ("会议室使用安排", Level.INTERNAL, []),
            ("人事任免建议名单", Level.SECRET, []),
            ("重大事项请示（草案）", Level.CONFIDENTIAL, ["sunli"]),
        ],
    ),
}
