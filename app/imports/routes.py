"""CSV import of stakeholders, in three steps:

1. upload a file (GET/POST /import/): it is read at once, so a file that is not a CSV,
   is empty or too big is refused on the spot, and kept with a guessed column mapping;
2. map its columns (GET/POST /import/<id>): which column is which field, who owns the new
   records, what to do with likely duplicates and which tag to give them; saving checks
   every row;
3. review the check (GET /import/<id>/check): every row with its errors, its likely
   duplicates in the district or the file, and its organisation; then add them all
   (POST /import/<id>/add), which is refused while any row has an error.

Adding first claims the import with one conditional UPDATE (open -> adding), so a second
tab or a double click cannot add the rows twice; an added or discarded import keeps its
record (without the file) for a day, so going back to it says what became of it.

Only the person who uploaded a file sees it, and only editors and admins import.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain import csv_import as ci
from app.domain import csv_reading
from app.domain.paging import page_links
from app.extensions import db
from app.imports import bp
from app.imports.forms import DUPLICATE_CHOICES, MAX_BYTES, UploadForm, mapping_form
from app.models import CsvImport
from app.models._types import utcnow
from app.services import csv_import as svc
from app.services import csv_import_relationships as relationships_svc
from app.stakeholders.profile_fields import owner_choices

SHOW = {"all": "All rows", "errors": "Rows with errors", "duplicates": "Likely duplicates",
        "add": "Rows to add"}
# A relationships file's "duplicates" are pairs the register links already.
SHOW_RELATIONSHIPS = {**SHOW, "duplicates": "Linked already"}
SAMPLE = (
    "Name,Kind,Group,Organisation,Title,Email,Phone,Languages,Tags,Contact permitted\r\n"
    "Maria Lopez,Person,Parent/family,,,maria.lopez@example.org,614-555-0100,"
    "\"Spanish, English\",PTA,Yes\r\n"
    "Daniel Okafor,Person,Business,Honda Marysville,Plant manager,"
    "d.okafor@example.com,,English,STEM,Yes\r\n"
    "Honda Marysville,Organisation,Business,,,,,,STEM,Yes\r\n"
)


# A claim older than this is taken to be from a request that died mid-way.
STALE_CLAIM = timedelta(minutes=10)


def _import_or_404(import_id: int) -> CsvImport:
    """The signed-in user's upload."""
    imp = db.session.get(CsvImport, import_id)
    if imp is None or imp.created_by_id != current_user.id:
        abort(404)
    return imp


def _finished(imp: CsvImport):
    """Where to go, saying why, when the import was added or discarded already (a second
    tab, the back button, a reload); None while it is open."""
    name = imp.filename or "This file"
    if imp.state == "added":
        flash(f"{name} was imported already. {imp.outcome}", "info")
        return redirect(url_for("stakeholders.index", tag=imp.added_tag_id))
    if imp.state == "discarded":
        flash(f"{name} was discarded; nothing was added from it. Upload it again to import "
              "it.", "info")
        return redirect(url_for("imports.upload_page"))
    return None


def _being_added(imp: CsvImport) -> bool:
    return imp.state == "adding" and imp.state_at is not None \
        and imp.state_at > utcnow() - STALE_CLAIM


def _busy():
    flash("These rows are being added (in another tab or window, or by a second click). "
          "Wait a moment, then reload this page.", "warning")


def _claim(imp: CsvImport) -> bool:
    """Mark the import as being added, unless another request did: one UPDATE whose WHERE
    only an open (or long-abandoned) import meets, so of two requests only one gets it."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(CsvImport)
        .where(CsvImport.id == imp.id,
               sa.or_(CsvImport.state == "open",
                      sa.and_(CsvImport.state == "adding", CsvImport.state_at < now - STALE_CLAIM)))
        .values(state="adding", state_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    db.session.commit()  # the claim stands on its own, before the long part
    return claimed


def _release(imp: CsvImport) -> None:
    imp.state, imp.state_at = "open", None


def _close(imp: CsvImport, state: str, outcome: str = "", tag_id: int | None = None) -> None:
    """Keep the record, without the file, to say later what became of it."""
    imp.state, imp.state_at, imp.outcome, imp.added_tag_id = state, utcnow(), outcome[:300], tag_id
    imp.content, imp.report = "", None


def _run_check(imp: CsvImport) -> list[svc.Checked]:
    """Check the rows of the file, as the kind of file it is (writes nothing)."""
    if imp.kind == "relationships":
        return relationships_svc.check_relationships(db.session, imp)
    return svc.check(db.session, imp)


def _table(imp: CsvImport) -> csv_reading.Table:
    return csv_reading.read_table(imp.content)


@bp.get("/")
@role_required("editor")
def upload_page():
    """Choose a file; what it should look like."""
    return render_template("imports/upload.html", form=UploadForm(), fields=ci.FIELDS,
                           relationship_fields=ci.RELATIONSHIP_FIELDS,
                           max_rows=csv_reading.MAX_ROWS)


@bp.get("/sample.csv")
@role_required("editor")
def sample():
    """A small file in the expected shape, to start from."""
    return current_app.response_class(
        "\ufeff" + SAMPLE, mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="groundwork-import-sample.csv"'})


@bp.post("/")
@role_required("editor")
def upload():
    """Read the file now (refusing what can't be imported) and keep it for the next steps."""
    form = UploadForm()
    if form.validate_on_submit():
        data = form.file.data.read(MAX_BYTES + 1)
        try:
            if len(data) > MAX_BYTES:
                raise csv_reading.ImportProblem(
                    "The file is larger than 5 MB. Split it into smaller files, or leave out "
                    "columns you don't need.")
            text = csv_reading.decode(data)
            table = csv_reading.read_table(text)
        except csv_reading.ImportProblem as problem:
            form.file.errors.append(str(problem))
        else:
            imp = svc.start(db.session, user_id=current_user.id,
                            filename=form.file.data.filename or "", text=text, table=table,
                            kind=form.kind.data)
            db.session.commit()
            return redirect(url_for("imports.mapping", import_id=imp.id))
    return render_template("imports/upload.html", form=form, fields=ci.FIELDS,
                           relationship_fields=ci.RELATIONSHIP_FIELDS,
                           max_rows=csv_reading.MAX_ROWS), 422


def _mapping_page(imp: CsvImport, table: csv_reading.Table, form, problems=(), status: int = 200):
    samples = [[cells[i] for _, cells in table.rows[:3]] for i in range(len(table.headers))]
    columns = [(form[f"col_{i}"], samples[i]) for i in range(len(table.headers))]
    return render_template("imports/map.html", imp=imp, form=form, columns=columns,
                           rows=len(table.rows), problems=problems,
                           discard_form=EmptyForm()), status


@bp.get("/<int:import_id>")
@role_required("editor")
def mapping(import_id: int):
    """Which column is which field, and the options of the import."""
    imp = _import_or_404(import_id)
    if done := _finished(imp):
        return done
    if _being_added(imp):
        _busy()
    table = _table(imp)
    data = {f"col_{i}": key for i, key in enumerate(imp.mapping)}
    form = mapping_form(table.headers, imp.kind, formdata=None,
                        data={**data, "owner_id": imp.owner_id or 0,
                              "duplicates": imp.duplicates, "tag": imp.tag})
    _owners(form, imp)
    return _mapping_page(imp, table, form)


def _owners(form, imp: CsvImport) -> None:
    if "owner_id" in form:
        form.owner_id.choices = owner_choices(imp.owner_id)


@bp.post("/<int:import_id>")
@role_required("editor")
def save_mapping(import_id: int):
    """Save the mapping and options, then check every row."""
    imp = _import_or_404(import_id)
    if done := _finished(imp):
        return done
    if _being_added(imp):
        _busy()
        return redirect(url_for("imports.review", import_id=imp.id))
    table = _table(imp)
    form = mapping_form(table.headers, imp.kind)
    _owners(form, imp)
    if not form.validate_on_submit():
        return _mapping_page(imp, table, form, status=422)
    chosen = [form[f"col_{i}"].data or "" for i in range(len(table.headers))]
    problems = ci.mapping_problems(chosen, imp.kind)
    if problems:
        return _mapping_page(imp, table, form, problems, 422)
    imp.mapping = chosen
    if imp.kind == "stakeholders":
        imp.owner_id = form.owner_id.data
        imp.duplicates, imp.tag = form.duplicates.data, form.tag.data or ""
    svc.save_check(imp, _run_check(imp))
    db.session.commit()
    return redirect(url_for("imports.review", import_id=imp.id))


@bp.get("/<int:import_id>/check")
@role_required("editor")
def review(import_id: int):
    """The rows as checked: errors, likely duplicates, organisations; then add them."""
    imp = _import_or_404(import_id)
    if done := _finished(imp):
        return done
    if imp.report is None:
        return redirect(url_for("imports.mapping", import_id=imp.id))
    if _being_added(imp):
        _busy()
    shows = SHOW_RELATIONSHIPS if imp.kind == "relationships" else SHOW
    show = request.args.get("show", "all")
    if show not in shows:
        show = "all"
    summary = svc.summary(imp.report, imp.duplicates)
    rows = [r for r in imp.report if show == "all"
            or (show == "errors" and r["errors"])
            or (show == "duplicates" and svc.is_duplicate(r))
            or (show == "add" and svc.adds(r, imp.duplicates))]
    size = current_app.config["PAGE_SIZE"]
    pages = max(1, -(-len(rows) // size))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    return render_template(
        "imports/check.html", imp=imp, summary=summary, show=show, shows=shows,
        rows=rows[(page - 1) * size:page * size], matching=len(rows), page=page, pages=pages,
        page_links=page_links(page, pages), first=(page - 1) * size + 1,
        duplicates_choice=DUPLICATE_CHOICES[imp.duplicates], form=EmptyForm(),
        is_duplicate=svc.is_duplicate, adds=svc.adds)


@bp.post("/<int:import_id>/add")
@role_required("editor")
def add(import_id: int):
    """Add every row the check allows, all or nothing, after checking them once more."""
    imp = _import_or_404(import_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if done := _finished(imp):
        return done
    if imp.report is None:
        return redirect(url_for("imports.mapping", import_id=imp.id))
    if not _claim(imp):
        db.session.refresh(imp)
        if done := _finished(imp):  # added by the other request meanwhile
            return done
        _busy()
        return redirect(url_for("imports.review", import_id=imp.id))
    try:
        return _add_claimed(imp)
    except Exception:
        db.session.rollback()
        _release(imp)
        db.session.commit()
        raise


def _add_claimed(imp: CsvImport):
    before = svc.summary(imp.report, imp.duplicates)
    checked = _run_check(imp)
    after = svc.summary([c.report for c in checked], imp.duplicates)
    if after.errors or after != before:
        svc.save_check(imp, checked)
        _release(imp)
        db.session.commit()
        if after.errors:
            rows = f"{after.errors:,} rows have" if after.errors != 1 else "1 row has"
            flash(f"Nothing was added: {rows} errors. Fix them in the file and upload it "
                  "again, or change which column is which.", "error")
        else:
            flash("The register changed since the rows were checked, so they were checked "
                  "again. Nothing was added yet: review the rows, then add them.", "warning")
        return redirect(url_for("imports.review", import_id=imp.id))
    if imp.kind == "relationships":
        result = relationships_svc.add_relationships(db.session, imp, checked)
        added, skipped = (result.counts["relationships_added"],
                          result.counts["skipped_duplicates"])
        message = f"Added {added:,} relationship{'s' if added != 1 else ''}"
        if skipped:
            message += (f"; {skipped:,} pairs already linked were left out" if skipped != 1
                        else "; 1 pair already linked was left out")
        _close(imp, "added", message + ".")
        db.session.commit()
        flash(message + ".", "success")
        return redirect(url_for("stakeholders.index"))
    result = svc.add_all(db.session, imp, checked, user_id=current_user.id)
    counts = result.counts
    added = counts["added"]
    message = f"Added {added:,} stakeholder{'s' if added != 1 else ''} to {g.district.name}"
    if counts["organisations_added"]:
        message += f", with {counts['organisations_added']:,} new organisation" \
                   f"{'s' if counts['organisations_added'] != 1 else ''}"
    skipped = counts["skipped_duplicates"]
    if skipped:
        message += (f"; {skipped:,} likely duplicates were left out" if skipped != 1
                    else "; 1 likely duplicate was left out")
    _close(imp, "added", message + ".", result.tag_id)
    db.session.commit()
    flash(message + ".", "success")
    return redirect(url_for("stakeholders.index", tag=result.tag_id))


@bp.post("/<int:import_id>/discard")
@role_required("editor")
def discard(import_id: int):
    """Forget the file without adding anything."""
    imp = _import_or_404(import_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if done := _finished(imp):
        return done
    if _being_added(imp) or not _claim(imp):
        _busy()
        return redirect(url_for("imports.review", import_id=imp.id))
    name = imp.filename
    _close(imp, "discarded")
    db.session.commit()
    flash(f"Discarded {name or 'the file'}; nothing was added.", "info")
    return redirect(url_for("imports.upload_page"))
