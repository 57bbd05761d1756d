"""Demo work reports for ``seed_demo``: the R&D department's month of work
reports (技术研发部 and its 信息技术部).

- Daily: the last 22 working days of 郑宇, 许强 and their head 吴昊 — most
  in on time, some late (after 18:00 in Shanghai), a few missing; 吴昊 has
  annotated several of his staff's, and they replied.
- Weekly: the last four weeks of 郑宇 and 许强, signed by 吴昊 a working day
  after; one of 许强's came in late; the latest week's of 郑宇 waits for
  吴昊's signature and 许强's is still a draft.
- Monthly: last month's reports of 郑宇, 吴昊 (to the leadership) and 许强
  (late), with their key figures; 吴昊 composed 技术研发部's department
  report from them and submitted it, and 王建国 commented on it the next
  working day. 行政办公室 (孙丽, 赵敏) reported too; 赵敏's department
  report waits for the leadership's comment.

Each report, annotation, reply, signature and comment is made at its own
time in the past, in order, through the services, so that the trail reads
as the month happened."""

import datetime

import time_machine
from django.utils import timezone

from registers import calendar
from registers.services import monthly, reports, weekly

AUTHORS = ("zhengyu", "xuqiang", "wuhao")
OTHERS = ("wangjianguo", "zhaomin", "sunli")
DAYS = 22

WORK = {
    "zhengyu": [
        (
            "完成档案检索接口开发",
            "接口通过单元测试",
            "分页参数与前端不一致，已统一为 page/size",
            "编写接口文档",
        ),
        (
            "修复日报表单在手机上的排版问题",
            "375 像素宽度下显示正常",
            "按钮被遮挡，调整为整行按钮",
            "联调提醒功能",
        ),
        ("评审许强提交的部署脚本", "提出三处修改意见", "无", "跟进修改并合并"),
        (
            "优化留痕记录查询性能",
            "查询耗时由 800 毫秒降到 90 毫秒",
            "缺少索引，已补充联合索引",
            "压测 5 万条数据",
        ),
    ],
    "xuqiang": [
        ("巡检服务器与备份任务", "备份全部成功", "一台服务器磁盘使用率 85%，已清理日志", "更新巡检记录"),
        ("为新员工开通账号和双因素认证", "开通 3 个账号", "一名员工手机不支持，改用备用令牌", "整理账号台账"),
        ("升级数据库到新版本", "测试环境升级完成", "一个扩展不兼容，已找到替代版本", "安排生产环境升级窗口"),
    ],
    "wuhao": [
        ("主持研发周例会", "确定本周三项重点任务", "人手紧张，协调测试支持", "检查日报批注"),
        ("审阅新一代产品技术路线初稿", "提出修改意见 5 条", "无", "与市场部沟通需求"),
    ],
}
ANNOTATIONS = [
    "思路清楚，注意把测试数据留档。",
    "进展不错，明天把文档补齐。",
    "问题处理得当，请在周报里总结经验。",
    "请注意按时提交日报。",
]
REPLIES = ["收到，今天补齐。", "好的，已留档。", "收到，下次按时提交。"]

# (author, index of the day, oldest first): what happened to that day's report.
MISSING = {("zhengyu", 6), ("zhengyu", 15), ("xuqiang", 10), ("wuhao", 19)}
LATE = {("zhengyu", 3), ("zhengyu", 12), ("xuqiang", 7), ("xuqiang", 16), ("wuhao", 9)}
ANNOTATED = {  # (author, day): (annotation, reply or None)
    ("zhengyu", 2): (0, 1),
    ("zhengyu", 3): (3, 2),
    ("zhengyu", 8): (1, 0),
    ("zhengyu", 13): (2, None),
    ("xuqiang", 4): (1, 0),
    ("xuqiang", 7): (3, 2),
    ("xuqiang", 11): (2, None),
    ("xuqiang", 17): (0, None),
}


def report_days(today=None):
    """The last :data:`DAYS` working days before today."""
    today = today or timezone.localdate()
    days = calendar.working_days(
        today - datetime.timedelta(days=DAYS * 2 + 14), today - datetime.timedelta(days=1)
    )
    return days[-DAYS:]


def _at(day, hour, minute):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=calendar.time_zone())


def seed(users, days_ago=None):
    """``days_ago`` is not used: each step travels to its own moment."""
    if any(name not in users for name in AUTHORS + OTHERS):
        return
    now = timezone.now()
    steps = _daily_steps(users) + _weekly_steps(users, now) + _monthly_steps(users, now)
    for moment, _order, step in sorted(steps, key=lambda s: (s[0], s[1])):
        if moment >= now:
            continue
        with time_machine.travel(moment, tick=False):
            step()


def _daily_steps(users):
    days = report_days()
    steps = []  # (moment, order, action): done in time order
    for number, username in enumerate(AUTHORS):
        author = users[username]
        for index, day in enumerate(days):
            if (username, index) in MISSING:
                continue
            work_done, results, problems, plan = WORK[username][index % len(WORK[username])]
            fields = {"work_done": work_done, "results": results, "problems": problems, "plan": plan}
            if (username, index) in LATE:
                submitted = _at(day, 20 + index % 3, 10 + number * 7)
            else:
                submitted = _at(day, 16 + index % 2, 20 + number * 11 + index % 7)
            steps.append((submitted, 0, lambda a=author, d=day, f=fields: reports.submit(a, d, **f)))
            if (username, index) in ANNOTATED:
                annotation, reply = ANNOTATED[(username, index)]
                annotated = submitted + datetime.timedelta(hours=16, minutes=5 * number)
                replied = annotated + datetime.timedelta(hours=3)
                steps.append(
                    (
                        annotated,
                        1,
                        lambda a=author, d=day, t=ANNOTATIONS[annotation]: _annotate(users, a, d, t),
                    )
                )
                if reply is not None:
                    steps.append((replied, 2, lambda a=author, d=day, t=REPLIES[reply]: _reply(a, d, t)))
    return steps


# --- Weekly reports ----------------------------------------------------------------

WEEKS = 4
WEEKLY = {
    "zhengyu": [
        {
            "summary": "完成档案检索接口开发与联调，修复日报表单在手机上的排版问题。",
            "problems": "分页参数与前端不一致：接口文档更新滞后，已统一为 page/size。",
            "plan": "编写接口文档；配合测试完成回归。",
            "improvements": "接口变更先改文档再改代码。",
        },
        {
            "summary": "优化留痕记录查询，耗时由 800 毫秒降到 90 毫秒；评审部署脚本三次。",
            "problems": "缺少联合索引导致全表扫描，已补充索引。",
            "plan": "压测 5 万条数据；整理性能测试报告。",
            "improvements": "新增查询先看执行计划。",
        },
        {
            "summary": "完成提醒功能联调，二期需求评审提出意见 6 条。",
            "problems": "提醒时间按服务器时区计算，已改为上海时间。",
            "plan": "修复评审发现的缺陷；准备二期开发排期。",
            "improvements": "时间相关的测试覆盖节假日和调休。",
        },
        {
            "summary": "修复缺陷 9 个，完成月报图表的服务端渲染。",
            "problems": "图表中文字体缺失，已改用系统自带字体。",
            "plan": "二期开发：部门月报汇总。",
            "improvements": "打印效果纳入验收清单。",
        },
    ],
    "xuqiang": [
        {
            "summary": "完成服务器巡检与备份核查，备份全部成功；为 3 名新员工开通账号。",
            "problems": "一台服务器磁盘使用率 85%：日志未轮转，已清理并配置轮转。",
            "plan": "测试环境数据库升级。",
            "improvements": "磁盘使用率超过 80% 自动告警。",
        },
        {
            "summary": "测试环境数据库升级完成，找到不兼容扩展的替代版本。",
            "problems": "升级窗口与业务高峰冲突，周报延迟提交。",
            "plan": "安排生产环境升级窗口，提前通知各部门。",
            "improvements": "升级方案提前一周评审。",
        },
        {
            "summary": "生产环境数据库升级完成，停机 25 分钟，低于计划的 40 分钟。",
            "problems": "无。",
            "plan": "整理账号台账；检查双因素认证覆盖情况。",
            "improvements": "升级步骤写成脚本，减少手工操作。",
        },
        {
            "summary": "整理账号台账，清理离职人员账号 4 个。",
            "problems": "两个部门的人员变动未及时通知信息技术部。",
            "plan": "与行政办公室约定人员变动通知流程。",
            "improvements": "",
        },
    ],
}
LATE_WEEK = ("xuqiang", 1)  # submitted the next working day
DRAFT_WEEK = ("xuqiang", WEEKS - 1)  # still a draft
# The latest week is not signed yet: 吴昊's inbox shows it.


def report_weeks(today):
    """The Mondays of the last :data:`WEEKS` weeks whose last working day is
    before ``today``, oldest first."""
    weeks, monday = [], calendar.week_of(today)
    while len(weeks) < WEEKS:
        days = calendar.working_days(monday, monday + datetime.timedelta(days=6))
        if days and days[-1] < today:
            weeks.insert(0, (monday, days[-1]))
        monday -= datetime.timedelta(days=7)
    return weeks


def _next_working_day(day):
    return calendar.working_days(day + datetime.timedelta(days=1), day + datetime.timedelta(days=30))[0]


def _weekly_steps(users, now):
    steps = []
    for number, username in enumerate(("zhengyu", "xuqiang")):
        author = users[username]
        for index, (monday, last) in enumerate(report_weeks(calendar.today(now))):
            fields = WEEKLY[username][index % len(WEEKLY[username])]
            if (username, index) == DRAFT_WEEK:
                draft = {"summary": fields["summary"], "problems": fields["problems"]}
                steps.append(
                    (_at(last, 17, 5), 0, lambda a=author, w=monday, f=draft: weekly.save_draft(a, w, **f))
                )
                continue
            if (username, index) == LATE_WEEK:
                submitted = _at(_next_working_day(last), 9, 40)
            else:
                submitted = _at(last, 16, 35 + number * 12)
            steps.append((submitted, 0, lambda a=author, w=monday, f=fields: weekly.submit(a, w, **f)))
            if index < WEEKS - 1:
                signed = _at(_next_working_day(submitted.date()), 10, 15 + number * 20)
                steps.append((signed, 1, lambda a=author, w=monday: _sign(users, a, w)))
    return steps


def _sign(users, author, week):
    from registers.models import WeeklyReport

    weekly.sign(WeeklyReport.objects.get(author=author, week=week), users["wuhao"])


# --- Monthly reports ---------------------------------------------------------------

MONTHLY = {
    "zhengyu": (
        {
            "goals": "本月目标：完成档案检索接口和日报手机表单上线。"
            "两项均已完成，需求交付 13 个，超出目标 1 个。",
            "progress": "留痕记录查询耗时由 800 毫秒降到 90 毫秒；提醒功能上线。",
            "teamwork": "配合许强完成数据库升级后的回归测试；评审部署脚本。",
            "achievements": "性能优化效果明显；不足：代码评审次数未达目标，下月补上。",
        },
        [
            ("需求交付数", 12, 13, "个"),
            ("缺陷修复数", 30, 34, "个"),
            ("代码评审次数", 20, 18, "次"),
            ("单元测试覆盖率", 80, 82.5, "%"),
        ],
    ),
    "wuhao": (
        {
            "goals": "本月目标：二期需求评审通过、研发里程碑按期完成。需求评审已通过，四个里程碑全部达成。",
            "progress": "新一代产品技术路线初稿完成；研发周例会制度化。",
            "teamwork": "与市场部对接二期需求 3 次；协调测试支持。",
            "achievements": "里程碑全部按期；不足：人手紧张，测试资源依赖外部支持。",
        },
        [
            ("需求交付数", 3, 3, "个"),
            ("代码评审次数", 10, 12, "次"),
            ("里程碑达成数", 4, 4, "个"),
        ],
    ),
    "xuqiang": (
        {
            "goals": "本月目标：系统可用率不低于 99.9%，完成数据库升级。可用率 99.95%，升级已完成。",
            "progress": "生产环境数据库升级，停机 25 分钟；清理离职人员账号。",
            "teamwork": "配合研发部完成升级后的回归测试。",
            "achievements": "升级顺利；不足：月报提交晚了。",
        },
        [
            ("系统可用率", 99.9, 99.95, "%"),
            ("备份成功率", 100, 100, "%"),
            ("账号开通数", 5, 7, "个"),
        ],
    ),
    "sunli": (
        {
            "goals": "本月目标：收发文件及时登记、会议保障无差错。全部完成。",
            "progress": "完成第四季度会议保障 9 次；档案移交 185 件。",
            "teamwork": "协助档案室整理移交清单。",
            "achievements": "收发文件零差错；不足：档案移交未达目标。",
        },
        [
            ("收发文件数", 120, 132, "份"),
            ("会议保障次数", 8, 9, "次"),
            ("档案移交数", 200, 185, "件"),
        ],
    ),
    "zhaomin": (
        {
            "goals": "本月目标：修订两项管理制度，组织专项检查。均已完成。",
            "progress": "《留痕管理办法》《印章管理规定》修订完成并发布。",
            "teamwork": "会同内部审计部开展第四季度专项检查。",
            "achievements": "制度修订按期完成；不足：培训覆盖率有待提高。",
        },
        [
            ("制度修订数", 2, 2, "项"),
            ("会议保障次数", 4, 4, "次"),
        ],
    ),
}
DEPARTMENT_TEXTS = {
    "技": {
        "goals": "本月部门目标：二期需求评审通过，研发里程碑按期完成，缺陷及时修复。"
        "需求交付 16 个（目标 15 个），缺陷修复 34 个，四个里程碑全部达成。",
        "progress": "档案检索接口与日报手机表单上线；留痕记录查询耗时由 800 毫秒降到 90 毫秒；"
        "新一代产品技术路线初稿完成。",
        "teamwork": "与市场部对接二期需求；信息技术部完成数据库升级，研发部配合回归测试。",
        "achievements": "交付和里程碑均达标。"
        "不足：代码评审次数持平目标，测试资源依赖外部支持，下月增加一名测试人员。",
    },
    "行": {
        "goals": "本月部门目标：制度修订两项、会议保障无差错，均已完成。",
        "progress": "《留痕管理办法》《印章管理规定》修订发布；会议保障 13 次。",
        "teamwork": "会同内部审计部开展第四季度专项检查；协助档案室整理移交清单。",
        "achievements": "收发文件零差错。不足：档案移交 185 件，未达 200 件的目标，下月补齐。",
    },
}
COMMENT = "本月研发交付超过目标，查询性能优化效果明显。下月请重点保障二期开发进度，并落实测试人员的补充。"


def report_month(now):
    """The month reported on: last month, or the month before when the
    leadership's comment on last month's (a working day after its last
    working day) would still be ahead."""
    month = (calendar.today(now).replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    while _month_days(month)[1] + datetime.timedelta(hours=12) >= now:
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def _month_days(month):
    """The month's last working day (18:00: the deadline) and the next
    working day's start (the morning after)."""
    last = calendar.month_deadline(month)
    return last, _at(_next_working_day(last.date()), 0, 0)


def _monthly_steps(users, now):
    month = report_month(now)
    last, after = _month_days(month)
    day = last.date()
    submitted = {
        "sunli": _at(day, 14, 40),
        "zhengyu": _at(day, 15, 20),
        "zhaomin": _at(day, 15, 50),
        "wuhao": _at(day, 16, 5),
        "xuqiang": after + datetime.timedelta(hours=9, minutes=30),  # late
    }
    steps = []
    for username, moment in submitted.items():
        texts, figures = MONTHLY[username]
        rows = [
            {"name": name, "target": target, "actual": actual, "unit": unit}
            for name, target, actual, unit in figures
        ]
        steps.append(
            (moment, 0, lambda a=users[username], t=texts, f=rows: monthly.submit(a, month, figures=f, **t))
        )
    for code, head, composed in (("技", "wuhao", _at(day, 16, 30)), ("行", "zhaomin", _at(day, 17, 20))):
        steps.append((composed, 0, lambda c=code, h=users[head]: _compose(c, h, month)))
    steps.append((after + datetime.timedelta(hours=10, minutes=20), 0, lambda: _comment(users, month)))
    return steps


def _compose(code, head, month):
    """The head composes the department's report from the staff's and
    submits it after editing its texts."""
    from portal.accounts.models import Department

    report = monthly.compose(head, Department.objects.get(code=code), month)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=25), tick=False):
        monthly.submit_department(report, head, **DEPARTMENT_TEXTS[code])


def _comment(users, month):
    from registers.models import DepartmentMonthlyReport

    report = DepartmentMonthlyReport.objects.get(department__code="技", month=month)
    monthly.comment(report, users["wangjianguo"], COMMENT)


def _report(author, day):
    from registers.models import DailyReport

    return DailyReport.objects.get(author=author, date=day)


def _annotate(users, author, day, text):
    reports.annotate(_report(author, day), users["wuhao"], text)


def _reply(author, day, text):
    reports.reply(_report(author, day), author, text)
