from django.db import migrations


def reset_drift(apps, schema_editor):
    """Authenticators enrolled while drift sync was on may have moved their
    window into the past: put every one back on the current time step, with
    one step of tolerance either side."""
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    TOTPDevice.objects.exclude(drift=0, tolerance=1).update(drift=0, tolerance=1)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(reset_drift, migrations.RunPython.noop)]
