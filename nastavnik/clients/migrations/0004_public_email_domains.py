from django.db import migrations

from nastavnik.lib.dedupe_keys import PUBLIC_EMAIL_DOMAINS


def load(apps, schema_editor):
    PublicEmailDomain = apps.get_model("clients", "PublicEmailDomain")
    for domain in sorted(PUBLIC_EMAIL_DOMAINS):
        PublicEmailDomain.objects.get_or_create(domain=domain)


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_duplicate_keys_and_claims")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
