"""Demo daily reports for ``seed_demo``: the R&D department's month of work
reports (技术研发部 and its 信息技术部): the last 22 working days of 郑宇,
许强 and their head 吴昊 — most in on time, some late (after 18:00 in
Shanghai), a few missing; 吴昊 has annotated several of his staff's, and
they replied. Each report, annotation and reply is made at its own time in
the past, in order, through the services, so that the trail reads as the
month happened."""

import datetime

import time_machine
from django.utils import timezone

from registers import calendar
from registers.services import reports

AUTHORS = ("zhengyu", "xuqiang", "wuhao")
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
    if any(name not in users for name in AUTHORS):
        return
    now = timezone.now()
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
    for moment, _order, step in sorted(steps, key=lambda s: (s[0], s[1])):
        if moment >= now:
            continue
        with time_machine.travel(moment, tick=False):
            step()


def _report(author, day):
    from registers.models import DailyReport

    return DailyReport.objects.get(author=author, date=day)


def _annotate(users, author, day, text):
    reports.annotate(_report(author, day), users["wuhao"], text)


def _reply(author, day, text):
    reports.reply(_report(author, day), author, text)
