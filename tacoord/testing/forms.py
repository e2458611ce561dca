"""What a browser would post for a form, so tests change one field and leave the others as they are."""


def form_data(form, **changes) -> dict:
    """The POST data of `form` (unbound, built on an instance) with `changes` applied; False and None leave a field
    out, as a browser does for an unticked box or an empty choice."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if callable(value):
            value = value()
        data[name] = value
    data.update(changes)
    result = {}
    for name, value in data.items():
        if value is None or value is False:
            continue
        result[name] = "on" if value is True else value
    return result
