/* The claim form's "Fill quantities from text" button: asks the admin's extract view for the
   numbers in the claim's text and fills the quantity rows with them (adding rows as needed), for
   the editor to check and adjust before saving. Nothing is saved until the form is. */
'use strict';
{
    const FIELDS = ['value', 'qualifier', 'upper', 'of_total', 'item', 'outcome'];

    function field(row, name) {
        return row.querySelector(`[name$="-${name}"]`);
    }

    function quantityRows(group) {
        // The formset's rows, without the hidden template Django's inlines.js copies new rows from.
        return Array.from(group.querySelectorAll('tr.form-row:not(.empty-form)'));
    }

    function number(value) {
        // "25.00" and 25 both read as 25, as the form shows stored numbers.
        return value === null || value === undefined ? '' : String(Number(value));
    }

    function fill(row, quantity) {
        for (const name of FIELDS) {
            const input = field(row, name);
            if (!input) {
                continue;
            }
            const value = quantity ? quantity[name] : null;
            if (name === 'qualifier') {
                input.value = value || 'exact';
            } else if (['value', 'upper', 'of_total'].includes(name)) {
                input.value = number(value);
            } else {
                input.value = value || '';
            }
        }
        const remove = field(row, 'DELETE');
        const saved = field(row, 'id');
        if (remove) {
            // A saved row the text no longer accounts for is deleted on save; the others kept.
            remove.checked = !quantity && Boolean(saved && saved.value);
        }
    }

    function hasNumbers(rows) {
        return rows.some((row) => field(row, 'value') && field(row, 'value').value !== '');
    }

    async function fillFromText(button) {
        const box = button.closest('.quantities-fill');
        const status = box.querySelector('.quantities-fill-status');
        const group = document.getElementById('quantities-group');
        const text = document.getElementById('id_text');
        const form = button.closest('form');
        if (!group || !text || !form) {
            return;
        }
        if (hasNumbers(quantityRows(group)) &&
            !window.confirm('Replace the numbers in the rows with those found in the text?')) {
            return;
        }
        status.textContent = 'Reading the text…';
        const body = new FormData();
        body.append('text', text.value);
        body.append('csrfmiddlewaretoken', form.querySelector('[name=csrfmiddlewaretoken]').value);
        let quantities;
        try {
            const response = await fetch(box.dataset.extractUrl, {
                method: 'POST', body: body, credentials: 'same-origin',
            });
            if (response.status === 400) {
                const refused = await response.json();
                throw new Error(refused.errors.text.join(' '));
            }
            if (!response.ok) {
                throw new Error(`the server answered ${response.status}`);
            }
            quantities = (await response.json()).quantities;
        } catch (error) {
            status.textContent = `Could not read the numbers: ${error.message}.`;
            return;
        }
        let rows = quantityRows(group);
        const addRow = group.querySelector('.add-row a');
        while (rows.length < quantities.length && addRow) {
            addRow.click();
            rows = quantityRows(group);
        }
        rows.forEach((row, index) => fill(row, quantities[index]));
        status.textContent = quantities.length
            ? `${quantities.length} number${quantities.length === 1 ? '' : 's'} filled from the text: check them before saving.`
            : 'No numbers found in the text.';
    }

    document.addEventListener('click', (event) => {
        const button = event.target.closest('.quantities-fill-button');
        if (button) {
            event.preventDefault();
            fillFromText(button);
        }
    });
}
