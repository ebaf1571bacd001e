"""Error pages in Chinese; the 500 handler rolls back the failed transaction."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from tracker.extensions import db


def register_error_handlers(app: Flask) -> None:
    """Render 403, 404 and 500 with the site layout."""

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(CSRFError)
    def form_refused(error):
        """A form from an ended session (signed out, password changed) or another site: say so in Chinese."""
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        return render_template("errors/500.html"), 500
