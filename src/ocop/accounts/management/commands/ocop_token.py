from django.core.management.base import BaseCommand, CommandError

from ocop.accounts.models import User
from ocop.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user and print it once (tạo mã truy cập API)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="script")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}” / no such user")
        _, key = api_token_create(user=user, name=name)
        self.stdout.write(key)
