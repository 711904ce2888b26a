from django.db import migrations

# The output figures the TTĐN plans ask units to count; more can be added in the admin.
INDICATORS = [
    ("articles", "Tin, bài được đăng, phát", "tin, bài"),
    ("trainings", "Lớp tập huấn, hội nghị đã tổ chức", "lớp"),
    ("participants", "Lượt người tham dự", "lượt người"),
    ("publications", "Ấn phẩm, tài liệu đã phát hành", "ấn phẩm"),
    ("videos", "Video clip, phóng sự đã sản xuất", "sản phẩm"),
    ("messages-sent", "Tin nhắn đã gửi đến thuê bao", "tin nhắn"),
    ("events", "Sự kiện, hoạt động truyền thông", "sự kiện"),
    ("reporters-hosted", "Lượt phóng viên được đón tiếp, hỗ trợ", "lượt"),
]


def add(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    for code, name, unit_label in INDICATORS:
        Indicator.objects.get_or_create(code=code, defaults={"name": name, "unit_label": unit_label})


def remove(apps, schema_editor):
    apps.get_model("plans", "Indicator").objects.filter(code__in=[c for c, _, _ in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_reporting")]
    operations = [migrations.RunPython(add, remove)]
