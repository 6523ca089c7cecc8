"""Cartable: an LTI 1.3 tool for course modules, references, questions and drop-offs."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from lti_app import (
    access,
    backup,
    citations,
    cli,
    course_content,
    course_copy,
    errors,
    grade_publishing,
    journal,
    logs,
    mail,
    metrics,
    mydata,
    privacy,
    rate_limits,
    storage,
    subjects,
)
from lti_app.backup.sources import DataSource, register_source
from lti_app.course import privacy as course_privacy
from lti_app.course import roster_jobs
from lti_app.course.views import bp as course_bp
from lti_app.diagnostics.views import bp as diagnostics_bp
from lti_app.extensions import babel, csrf, db, migrate
from lti_app.gradebook import privacy as gradebook_privacy
from lti_app.gradebook import sender as gradebook_sender
from lti_app.gradebook import service as gradebook
from lti_app.health import bp as health_bp
from lti_app.i18n import local_time, number, select_locale
from lti_app.launch import limits as launch_limits
from lti_app.launch.targets import TargetProvider, register_provider
from lti_app.launch.views import bp as launch_bp
from lti_app.lti import recent_launches
from lti_app.lti.session import LaunchSessionInterface
from lti_app.lti.store import init_store
from lti_app.metrics.views import bp as metrics_bp
from lti_app.modules import copying as modules_copying
from lti_app.modules import inventory as modules_inventory
from lti_app.modules import limits as modules_limits
from lti_app.modules import privacy as modules_privacy
from lti_app.modules import queries as modules_queries
from lti_app.modules import targets as module_targets
from lti_app.modules.attachments import list_attachment_paths
from lti_app.modules.views import bp as modules_bp
from lti_app.outbox import privacy as outbox_privacy
from lti_app.outbox import service as outbox
from lti_app.questions import privacy as questions_privacy
from lti_app.questions import wiring as questions_wiring
from lti_app.questions.views import bp as questions_bp
from lti_app.references import copying as references_copying
from lti_app.references import limits as references_limits
from lti_app.references import module_readings
from lti_app.references import privacy as references_privacy
from lti_app.references import queries as references_queries
from lti_app.references.subjects import list_reference_titles
from lti_app.references.views import bp as references_bp
from lti_app.registration.views import bp as registration_bp
from lti_app.settings import load_settings
from lti_app.streaming import CartableRequest
from lti_app.submissions import copying as submissions_copying
from lti_app.submissions import inventory as submissions_inventory
from lti_app.submissions import limits as submissions_limits
from lti_app.submissions import privacy as submissions_privacy
from lti_app.submissions import retention_jobs
from lti_app.submissions import targets as assignment_targets
from lti_app.submissions.subjects import list_assignment_titles
from lti_app.submissions.views import bp as submissions_bp

ROOT = Path(__file__).resolve().parent
# A checkout keeps the templates at its root; a built package carries them inside
# itself (setup.py copies them), and site-packages' parent is no place to look.
TEMPLATES = next(
    (p for p in (ROOT / "templates", ROOT.parent / "templates") if p.is_dir()),
    ROOT.parent / "templates",
)


def _wire_questions(app: Flask) -> None:
    """What questions may be about, and their links on other pages."""
    subjects.init_app(app)
    subjects.register_subject(
        app,
        subjects.SubjectProvider(
            "module", _l("Modules"), modules_queries.list_module_titles
        ),
    )
    subjects.register_subject(
        app,
        subjects.SubjectProvider("reference", _l("Références"), list_reference_titles),
    )
    subjects.register_subject(
        app,
        subjects.SubjectProvider("assignment", _l("Devoir"), list_assignment_titles),
    )
    questions_wiring.init_app(app)


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Assemble the application: settings, extensions, blueprints, handlers."""
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.request_class = CartableRequest
    app.config.update(load_settings(overrides))
    # The embedded SQLite file and the keys live here: the folder must exist.
    Path(app.config["CARTABLE_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    hops = app.config["CARTABLE_PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=hops,
            x_proto=hops,
            x_host=hops,
            x_port=hops,
            x_prefix=hops,
        )
    metrics.init_app(app)  # first: every later hook's log lines carry the id
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
    app.add_template_filter(number, "number")
    app.add_template_filter(local_time, "local_time")
    init_store(app)
    storage.init_app(app, app.config["CARTABLE_STORAGE_DIR"])
    submissions_inventory.init_app(app)
    modules_inventory.init_app(app)
    register_source(app, DataSource("attachments", list_attachment_paths))
    recent_launches.init_app(app)
    app.session_interface = LaunchSessionInterface()
    access.init_app(app)
    rate_limits.init_app(app)  # after access: counters are per launched person
    for feature_limits in (
        launch_limits,
        references_limits,
        modules_limits,
        submissions_limits,
    ):
        feature_limits.init_app(app)
    for blueprint in (
        health_bp,
        metrics_bp,
        launch_bp,
        course_bp,
        references_bp,
        modules_bp,
        submissions_bp,
        registration_bp,
        diagnostics_bp,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(questions_bp)
    citations.init_app(
        app,
        citations.CitationSource(
            references=references_queries.course_references_for_citations,
            stamp=references_queries.citation_stamp,
        ),
    )
    course_content.init_app(
        app,
        course_content.CourseContent(
            modules=modules_queries.list_module_titles,
            readings=module_readings.list_module_readings,
        ),
    )
    _wire_questions(app)
    _register_copiers(app)
    _register_privacy_parts(app)
    mydata.init_app(app)
    journal.init_app(app)
    register_provider(
        TargetProvider(
            prefix=module_targets.PREFIX,
            endpoint=module_targets.ENDPOINT,
            list=module_targets.list_module_targets,
            find=module_targets.find_module_target,
        )
    )
    register_provider(
        TargetProvider(
            prefix=assignment_targets.PREFIX,
            endpoint=assignment_targets.ENDPOINT,
            list=assignment_targets.list_assignment_targets,
            find=assignment_targets.find_assignment_target,
            line_item=assignment_targets.assignment_line_item,
        )
    )
    outbox.register_handler(mail.KIND, mail.send, app)
    outbox.register_handler(gradebook.KIND, gradebook_sender.send_score, app)
    outbox.register_daily(retention_jobs.KIND, retention_jobs.run_daily, app)
    outbox.register_handler(roster_jobs.KIND, roster_jobs.run_refresh, app)
    outbox.register_daily(roster_jobs.NIGHTLY_KIND, roster_jobs.run_nightly, app)
    if app.config["CARTABLE_DEV_LMS"]:
        from lti_app.devlms.registration_views import bp as devlms_registration_bp
        from lti_app.devlms.services_views import bp as devlms_services_bp
        from lti_app.devlms.views import bp as devlms_bp

        app.register_blueprint(devlms_bp)
        app.register_blueprint(devlms_registration_bp)
        app.register_blueprint(devlms_services_bp)
    grade_publishing.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    backup.init_app(app)
    logs.install(app.config["CARTABLE_LOG_FORMAT"])
    return app


def _register_copiers(app: Flask) -> None:
    """What a course copied in the LMS can take from its source, in order."""
    course_copy.init_app(app)
    for copier in (
        course_copy.Copier(
            "modules",
            _l("Modules"),
            modules_copying.count_modules,
            modules_copying.copy_modules,
        ),
        course_copy.Copier(
            "bibliography",
            _l("Références de la bibliographie"),
            references_copying.count_references,
            references_copying.copy_bibliography,
        ),
        course_copy.Copier(
            "reading_list",
            _l("Sections de la liste de lecture"),
            references_copying.count_sections,
            references_copying.copy_reading_list,
        ),
        course_copy.Copier(
            "assignments",
            _l("Devoirs (paramètres seulement, sans les remises)"),
            submissions_copying.count_assignments,
            submissions_copying.copy_assignments,
        ),
    ):
        course_copy.register_copier(app, copier)


def _register_privacy_parts(app: Flask) -> None:
    """What each feature holds about a person: exported in order, erased in reverse."""
    privacy.init_app(app)
    for feature in (
        course_privacy,
        questions_privacy,
        references_privacy,
        modules_privacy,
        submissions_privacy,
        gradebook_privacy,
        outbox_privacy,
    ):
        privacy.register_privacy_part(app, feature.PART)
