"""Forms of the CSV import: the upload, and the column mapping with its options."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import Length, ValidationError

from app.domain import csv_import as ci
from app.domain import csv_reading
from app.domain.text import clean_line

MAX_BYTES = 5 * 1024 * 1024
FIELD_CHOICES = {kind: {"": "Leave out", **{f.key: f.label for f in fields}}
                 for kind, fields in ci.KINDS.items()}
KIND_CHOICES = {
    "stakeholders": "Stakeholders: people and organisations",
    "relationships": "Relationships between stakeholders already in the register",
}
DUPLICATE_CHOICES = {
    "skip": "Leave out likely duplicates (you can add them by hand later)",
    "add": "Add them anyway, as new records",
}


class UploadForm(FlaskForm):
    kind = RadioField("The file holds", choices=KIND_CHOICES, default="stakeholders")
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file to import.")],
                     description="UTF-8, Excel's CSV or Unicode Text, comma-, semicolon- "
                                 f"or tab-separated; up to {csv_reading.MAX_ROWS:,} rows and 5 MB.")

    def validate_file(self, field):
        name = (field.data.filename or "").lower()
        if not name.endswith((".csv", ".txt", ".tsv")):
            raise ValidationError("Choose a .csv file. In Excel or Sheets, use Save as (or "
                                  "Download) and pick CSV.")


class MappingForm(FlaskForm):
    """One select per column of the file (col_0, col_1, ...), then the options."""

    owner_id = SelectField("Owner of the new records", coerce=int, choices=[])
    duplicates = RadioField("Likely duplicates", choices=DUPLICATE_CHOICES,
                            default="skip")
    tag = StringField("Tag every added record", filters=[clean_line],
                      validators=[Length(max=60, message="Keep the tag under 60 characters.")],
                      description="So you can find (or remove) what this import added. "
                                  "Leave blank for no tag.")

    def validate_tag(self, field):
        if "," in (field.data or ""):
            raise ValidationError("One tag, without commas.")


def mapping_form(headers: list[str], kind: str = "stakeholders", **kwargs) -> MappingForm:
    """A MappingForm with a select for each of the file's columns (keyword arguments go
    to the form: formdata=None and data=... for a form drawn from what is saved). A file
    of relationships adds no records: it has no owner, tag or duplicates to choose."""

    class Form(MappingForm):
        pass

    for i, header in enumerate(headers):
        setattr(Form, f"col_{i}", SelectField(header or f"Column {i + 1}",
                                              choices=FIELD_CHOICES[kind], default=""))
    form = Form(**kwargs)
    if kind == "relationships":
        for name in ("owner_id", "duplicates", "tag"):
            del form[name]
    return form
