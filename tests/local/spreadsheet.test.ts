// The local SpreadsheetApp beyond values: protection, number formats, data validation, conditional
// formatting, TextFinder, A1 notation and styles — called directly on the facade over the host, as the
// bundle would call it, then exported and reopened.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportXlsx } from '../../local/cli/export';
import type { SpreadsheetAppFacade } from '../../local/facade/spreadsheet/app';
import type { LocalSheet } from '../../local/facade/spreadsheet/sheet';
import { Runtime } from '../../local/runtime';
import { CODE_FILE, newProgram, WEB_APP_URL, type TestProgram } from '../helpers/runtime';
import { appOver, thrown } from '../helpers/spreadsheet-app';

describe('local SpreadsheetApp: sheet metadata', () => {
  let p: TestProgram;
  let app: SpreadsheetAppFacade;
  let sheet: LocalSheet;
  beforeEach(() => {
    p = newProgram();
    app = appOver(p.rt);
    sheet = app.getActiveSpreadsheet().insertSheet('Meta');
  });
  afterEach(async () => {
    await p.rt.close();
  });

  it('keeps range and sheet protections with description, warning-only and editors', () => {
    const protection = sheet.getRange('A1:C3').protect().setDescription('Totals').setWarningOnly(true);
    protection.addEditor('kim@example.org').addEditors(['lee@example.org']);
    expect(protection.getDescription()).toBe('Totals');
    expect(protection.isWarningOnly()).toBe(true);
    expect(protection.canEdit()).toBe(true);
    expect(protection.getEditors().map((u) => u.getEmail())).toEqual(['owner@localhost', 'kim@example.org', 'lee@example.org']);
    // The owner always stays an editor.
    protection.removeEditors(['kim@example.org', 'owner@localhost']).removeEditor('lee@example.org');
    expect(protection.getEditors().map((u) => u.getEmail())).toEqual(['owner@localhost']);
    expect(String(protection.getProtectionType())).toBe('RANGE');
    expect(protection.getRange().getA1Notation()).toBe('A1:C3');

    // A second protect() of a range makes another protection; a sheet has one.
    sheet.getRange('A1:C3').protect();
    const whole = sheet.protect().setDescription('Locked');
    expect(sheet.protect().getDescription()).toBe('Locked');
    expect(sheet.getProtections(app.ProtectionType.RANGE)).toHaveLength(2);
    const [sheetProtection] = sheet.getProtections(app.ProtectionType.SHEET);
    expect(sheetProtection!.getProtectionType()).toBe(app.ProtectionType.SHEET);
    expect(sheetProtection!.getRange().getNumRows()).toBe(1000);
    whole.remove();
    expect(sheet.getProtections(app.ProtectionType.SHEET)).toHaveLength(0);
    expect(thrown(() => whole.getDescription())).toBe('The protection has been removed.');
  });

  it("rejects a write that breaks a reject-input rule with Apps Script's message, and takes valid ones", () => {
    const list = app.newDataValidation().requireValueInList(['Yes', 'No']).setAllowInvalid(false).setHelpText('Yes or No').build();
    sheet.getRange('B2:B5').setDataValidation(list);
    sheet.getRange('B2').setValue('yes');
    expect(thrown(() => sheet.getRange('B2:B3').setValues([['No'], ['Maybe']]))).toBe(
      'The data you entered in cell B3 violates the data validation rules set on this cell.',
    );
    // Nothing of the rejected write landed; clearing is always allowed.
    expect(sheet.getRange('B2:B3').getValues()).toEqual([['yes'], ['']]);
    sheet.getRange('B2').clearContent();
    expect(sheet.getRange('B2').getValue()).toBe('');

    sheet.getRange('C2').setDataValidation(app.newDataValidation().requireNumberBetween(1, 10).setAllowInvalid(false).build());
    sheet.getRange('C2').setValue('7');
    expect(thrown(() => sheet.getRange('C2').setValue(11))).toContain('cell C2 violates');
    sheet.getRange('D2').setDataValidation(app.newDataValidation().requireTextIsEmail().setAllowInvalid(false).build());
    expect(thrown(() => sheet.getRange('D2').setValue('not an email'))).toContain('cell D2 violates');
    sheet.getRange('D2').setValue('kim@example.org');
    sheet.getRange('E2').setDataValidation(app.newDataValidation().requireDate().setAllowInvalid(false).build());
    expect(thrown(() => sheet.getRange('E2').setValue('soon'))).toContain('cell E2 violates');
    sheet.getRange('E2').setValue(new Date('2026-03-05T12:00:00Z'));
    // A warning rule (the builder's default) takes anything.
    sheet.getRange('F2').setDataValidation(app.newDataValidation().requireValueInList(['a']).build());
    sheet.getRange('F2').setValue('zzz');

    const rule = sheet.getRange('B4').getDataValidation()!;
    expect(rule.getCriteriaType()).toBe(app.DataValidationCriteria.VALUE_IN_LIST);
    expect(rule.getCriteriaValues()).toEqual([['Yes', 'No'], true]);
    expect(rule.getAllowInvalid()).toBe(false);
    expect(rule.getHelpText()).toBe('Yes or No');
    const copied = rule.copy().setAllowInvalid(true).build();
    expect([copied.getAllowInvalid(), rule.getAllowInvalid()]).toEqual([true, false]);

    // Clearing one cell's rule leaves its neighbours'.
    sheet.getRange('B3').setDataValidation(null);
    const rules = sheet
      .getRange('B2:B4')
      .getDataValidations()
      .map(([r]) => (r ? String(r.getCriteriaType()) : null));
    expect(rules).toEqual(['VALUE_IN_LIST', null, 'VALUE_IN_LIST']);
    sheet.getRange('B3').setValue('Maybe');
    expect(sheet.getRange('A1').getDataValidation()).toBeNull();
  });

  it('insertCheckboxes sets a checkbox rule and unchecked values', () => {
    sheet.getRange('C2:C3').setValues([['x'], ['']]);
    sheet.getRange('C2:C4').insertCheckboxes();
    expect(sheet.getRange('C2:C4').getValues()).toEqual([[false], [false], [false]]);
    expect(String(sheet.getRange('C3').getDataValidation()!.getCriteriaType())).toBe('CHECKBOX');
    sheet.getRange('C3').setValue(true);
    expect(sheet.getRange('C2:C4').getDisplayValues()).toEqual([['FALSE'], ['TRUE'], ['FALSE']]);
    // A custom checked value: cells become empty.
    sheet.getRange('D2').insertCheckboxes('done');
    expect(sheet.getRange('D2').getValue()).toBe('');
    expect(sheet.getRange('D2').getDataValidation()!.getCriteriaValues()).toEqual(['done']);
  });

  it('conditional format rules round-trip in order, with ranges, criteria and formats', () => {
    const due = new Date('2026-04-01T00:00:00Z');
    const overdue = app
      .newConditionalFormatRule()
      .whenDateBefore(app.RelativeDate.TODAY)
      .setBackground('RED')
      .setBold(true)
      .setRanges([sheet.getRange('B2:B100')])
      .build();
    const big = app
      .newConditionalFormatRule()
      .whenNumberBetween(10, 20)
      .setFontColor('#0F0')
      .setRanges([sheet.getRange('C:C'), sheet.getRange('E2')])
      .build();
    const dated = app
      .newConditionalFormatRule()
      .whenDateAfter(due)
      .whenFormulaSatisfied('=$A2="x"')
      .setBackground('#ABCDEF')
      .setRanges([sheet.getRange('A2:F2')])
      .build();
    const text = app
      .newConditionalFormatRule()
      .whenTextContains('urgent')
      .setRanges([sheet.getRange('D2:D9')])
      .build();
    sheet.setConditionalFormatRules([overdue, big, dated, text]);

    const rules = sheet.getConditionalFormatRules();
    expect(rules.map((r) => String(r.getBooleanCondition().getCriteriaType()))).toEqual([
      'DATE_BEFORE_RELATIVE',
      'NUMBER_BETWEEN',
      'CUSTOM_FORMULA',
      'TEXT_CONTAINS',
    ]);
    expect(rules[0]!.getBooleanCondition().getCriteriaValues()).toEqual([app.RelativeDate.TODAY]);
    expect(rules[0]!.getBooleanCondition().getBackground()).toBe('#ff0000');
    expect(rules[0]!.getBooleanCondition().getBold()).toBe(true);
    expect(rules[1]!.getRanges().map((r) => r.getA1Notation())).toEqual(['C1:C1000', 'E2']);
    expect(rules[1]!.getBooleanCondition().getCriteriaValues()).toEqual([10, 20]);
    expect(rules[1]!.getBooleanCondition().getFontColor()).toBe('#00ff00');
    expect(rules[2]!.getBooleanCondition().getCriteriaValues()).toEqual(['=$A2="x"']);

    // copy() edits a new rule; the stored list is replaced as a whole.
    const edited = rules[1]!.copy().whenNumberGreaterThan(5).build();
    sheet.setConditionalFormatRules([...sheet.getConditionalFormatRules(), edited].slice(1));
    const after = sheet.getConditionalFormatRules();
    expect(after).toHaveLength(4);
    expect(String(after[3]!.getBooleanCondition().getCriteriaType())).toBe('NUMBER_GREATER_THAN');
    expect(after[3]!.getBooleanCondition().getCriteriaValues()).toEqual([5]);
    const withDate = app
      .newConditionalFormatRule()
      .whenDateAfter(due)
      .setRanges([sheet.getRange('A1')])
      .build();
    const values = withDate.getBooleanCondition().getCriteriaValues();
    expect(Object.prototype.toString.call(values[0])).toBe('[object Date]');
    expect((values[0] as Date).getTime()).toBe(due.getTime());
    sheet.setConditionalFormatRules([]);
    expect(sheet.getConditionalFormatRules()).toEqual([]);
  });

  it('TextFinder matches display values by case, entire cell and regular expression in one host call', () => {
    sheet.getRange('A1:C4').setValues([
      ['Apple pie', 'apple', 'APPLE'],
      ['banana', 'Pineapple', 12.5],
      ['cherry', 'apple', new Date('2026-03-05T12:00:00Z')],
      ['', 'apples', 1250],
    ]);
    sheet.getRange('C4').setNumberFormat('#,##0');
    const before = p.rt.host.calls.get('sheets.findText') ?? 0;
    const finder = sheet.getRange('A1:C4').createTextFinder('apple');
    const first = finder.findNext()!;
    expect(first.getA1Notation()).toBe('A1');
    const rest: string[] = [];
    for (let r = finder.findNext(); r; r = finder.findNext()) rest.push(r.getA1Notation());
    expect(rest).toEqual(['B1', 'C1', 'B2', 'B3', 'B4']);
    expect(finder.findNext()).toBeNull();
    expect(finder.findPrevious()!.getA1Notation()).toBe('B3');
    expect((p.rt.host.calls.get('sheets.findText') ?? 0) - before).toBe(1);

    const notations = (f: { findAll(): Array<{ getA1Notation(): string }> }) => f.findAll().map((r) => r.getA1Notation());
    expect(notations(sheet.createTextFinder('apple').matchCase(true))).toEqual(['B1', 'B2', 'B3', 'B4']);
    expect(notations(sheet.createTextFinder('apple').matchEntireCell(true))).toEqual(['B1', 'C1', 'B3']);
    expect(notations(sheet.createTextFinder('^apples?$').useRegularExpression(true).matchCase(true))).toEqual(['B1', 'B3', 'B4']);
    expect(notations(sheet.createTextFinder('1,250'))).toEqual(['C4']);
    expect(notations(sheet.createTextFinder('3/5/2026'))).toEqual(['C3']);
    expect(notations(sheet.getRange('B2:C4').createTextFinder('APPLE'))).toEqual(['B2', 'B3', 'B4']);
    expect((p.rt.host.calls.get('sheets.findText') ?? 0) - before).toBe(7);
  });

  it('reads A1 notation and gives ranges their A1 notation', () => {
    const cases: Array<[string, [number, number, number, number], string]> = [
      ['B2', [2, 2, 1, 1], 'B2'],
      ['a1:c3', [1, 1, 3, 3], 'A1:C3'],
      ['$B$2:$D$4', [2, 2, 3, 3], 'B2:D4'],
      ['C3:A1', [1, 1, 3, 3], 'A1:C3'],
      ['B:B', [1, 2, 1000, 1], 'B:B'],
      ['B:D', [1, 2, 1000, 3], 'B:D'],
      ['2:2', [2, 1, 1, 26], '2:2'],
      ['A2:C', [2, 1, 999, 3], 'A2:C'],
      ['Z1000', [1000, 26, 1, 1], 'Z1000'],
    ];
    for (const [a1, box, notation] of cases) {
      const range = sheet.getRange(a1);
      expect([a1, range.getRow(), range.getColumn(), range.getNumRows(), range.getNumColumns()]).toEqual([a1, ...box]);
      expect(range.getA1Notation()).toBe(notation);
    }
    expect(sheet.getRange(2, 27 - 1, 3, 1).getA1Notation()).toBe('Z2:Z4');
    for (const bad of ['', 'A0', '1A', 'foo bar', 'A1:B2:C3', 'A:1']) expect(thrown(() => sheet.getRange(bad))).toBe('Range not found');
    expect(thrown(() => sheet.getRange('AA1'))).toBe('The coordinates of the range are outside the dimensions of the sheet.');
    expect(sheet.getRange('B2').offset(1, 2).getA1Notation()).toBe('D3');
    expect(sheet.getRange('B2:C3').offset(-1, -1, 1, 3).getA1Notation()).toBe('A1:C1');
    expect(thrown(() => sheet.getRange('A1').offset(-1, 0))).toBe('The starting row of the range is too small.');
  });

  it('shows numbers and dates under simple number formats', () => {
    app.getActiveSpreadsheet().setSpreadsheetTimeZone('America/New_York');
    const when = new Date('2026-03-05T19:07:00Z'); // 14:07 in New York
    sheet.getRange('A1:J1').setValues([[1234.5, 1234.5, 1234567.891, 0.256, when, when, when, '007', 45000, when]]);
    sheet.getRange('H1').setNumberFormat('@');
    sheet.getRange('H1').setValue('007');
    sheet
      .getRange('A1:J1')
      .setNumberFormats([['0', '0.00', '#,##0', '0%', 'yyyy-mm-dd', 'yyyy-mm-dd hh:mm', 'mmm d, yyyy', '@', 'yyyy-mm-dd', '0.00']]);
    expect(sheet.getRange('A1:J1').getDisplayValues()).toEqual([
      ['1235', '1234.50', '1,234,568', '26%', '2026-03-05', '2026-03-05 14:07', 'Mar 5, 2026', '007', '2023-03-15', '46086.59'],
    ]);
    expect(sheet.getRange('A1:C1').getNumberFormats()).toEqual([['0', '0.00', '#,##0']]);
    expect(sheet.getRange('H1').getValue()).toBe('007');
    // Values are unchanged by formats; no format shows the default.
    expect(sheet.getRange('A1').getValue()).toBe(1234.5);
    sheet.getRange('A2:B2').setValues([[-2.5, 1234.5]]);
    sheet.getRange('A2').setNumberFormat('0');
    expect(sheet.getRange('A2:B2').getDisplayValues()).toEqual([['-3', '1234.5']]);
    // With no format a date shows as M/d/yyyy, with H:mm:ss when it is not midnight in the sheet's zone.
    sheet.getRange('A3:B3').setValues([[new Date('2026-03-05T05:00:00Z'), new Date('2026-03-05T14:07:09Z')]]);
    expect(sheet.getRange('A3:B3').getDisplayValues()).toEqual([['3/5/2026', '3/5/2026 9:07:09']]);
    expect(thrown(() => sheet.getRange('A1:B1').setNumberFormats([['0']]))).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  it('keeps styles and column widths', () => {
    sheet.getRange('A1:C1').setBackground('Yellow').setFontWeight('bold');
    sheet.getRange('B1').setFontColor('#F00').setBackground(null);
    expect([sheet.getRange('A1').getBackground(), sheet.getRange('A1').getFontWeight(), sheet.getRange('A1').getFontColor()]).toEqual([
      '#ffff00',
      'bold',
      '#000000',
    ]);
    expect([sheet.getRange('B1').getBackground(), sheet.getRange('B1').getFontWeight(), sheet.getRange('B1').getFontColor()]).toEqual([
      '#ffffff',
      'bold',
      '#ff0000',
    ]);
    expect(sheet.setColumnWidth(2, 240).autoResizeColumns(1, 3).getColumnWidth(2)).toBe(240);
    expect(sheet.getColumnWidth(3)).toBe(100);
  });

  it('sets text styles over ranges and range lists, merges blocks keeping the upper-left value, sizes rows', () => {
    sheet.getRange('A1:C2').setValues([
      ['Title', 'b', 'c'],
      [1, 2, 3],
    ]);
    sheet
      .getRange('A1')
      .setFontSize(18)
      .setFontStyle('italic')
      .setHorizontalAlignment('center')
      .setVerticalAlignment('middle')
      .setWrap(true);
    expect([
      sheet.getRange('A1').getFontSize(),
      sheet.getRange('A1').getFontStyle(),
      sheet.getRange('A1').getHorizontalAlignment(),
    ]).toEqual([18, 'italic', 'center']);
    expect([sheet.getRange('A1').getVerticalAlignment(), sheet.getRange('A1').getWrap(), sheet.getRange('B1').getFontSize()]).toEqual([
      'middle',
      true,
      10,
    ]);
    expect(thrown(() => sheet.getRange('A1').setHorizontalAlignment('middle'))).toBe('Invalid argument: horizontalAlignment');
    expect(thrown(() => sheet.getRange('A1').setFontSize('big' as unknown as number))).toBe('Invalid argument: fontSize');

    // One call styles every range of a list.
    const calls = p.rt.host.calls.get('sheets.setStyleRanges') ?? 0;
    sheet.getRangeList(['A2', 'C2']).setBackground('#e8eaed').setFontWeight('bold');
    expect(p.rt.host.calls.get('sheets.setStyleRanges')).toBe(calls + 2);
    expect([sheet.getRange('C2').getBackground(), sheet.getRange('B2').getBackground(), sheet.getRange('A2').getFontWeight()]).toEqual([
      '#e8eaed',
      '#ffffff',
      'bold',
    ]);

    sheet.getRange('A1:C1').merge();
    expect(sheet.getRange('A1:C1').getValues()[0]).toEqual(['Title', '', '']);
    expect(sheet.getRange('B1').isPartOfMerge()).toBe(true);
    expect(
      sheet
        .getRange('A1:C3')
        .getMergedRanges()
        .map((r) => r.getA1Notation()),
    ).toEqual(['A1:C1']);
    // A merge or unmerge must take in whole blocks.
    expect(thrown(() => sheet.getRange('B1:C1').breakApart())).toBe(
      'You must select all cells in a merged range to merge or unmerge them.',
    );
    sheet.getRange('A2:C3').mergeAcross();
    expect(
      sheet
        .getRange('A1:C3')
        .getMergedRanges()
        .map((r) => r.getA1Notation()),
    ).toEqual(['A1:C1', 'A2:C2', 'A3:C3']);
    sheet.getRange('A1:C3').breakApart();
    expect(sheet.getRange('A1:C3').isPartOfMerge()).toBe(false);

    sheet.setRowHeights(1, 2, 40).setColumnWidths(1, 3, 80);
    expect([sheet.getRowHeight(1), sheet.getRowHeight(2), sheet.getRowHeight(3), sheet.getColumnWidth(3)]).toEqual([40, 40, 21, 80]);
    sheet.getRange('A1:C2').setNumberFormat('0%').merge();
    expect(thrown(() => sheet.getRange('A1:B2').breakApart())).toBe(
      'You must select all cells in a merged range to merge or unmerge them.',
    );
    sheet.getRange('A1:C2').clearFormat();
    expect([sheet.getRange('A1').getFontSize(), sheet.getRange('A2').getBackground(), sheet.getRange('A2').getFontWeight()]).toEqual([
      10,
      '#ffffff',
      'normal',
    ]);
    // Number formats and merged blocks outlive clearFormat.
    expect([sheet.getRange('A1').getNumberFormat(), sheet.getRange('A1').isPartOfMerge()]).toEqual(['0%', true]);
  });

  it('exports text styles, merged blocks and row heights', async () => {
    sheet.getRange('A1:D1').setValues([['Program', '', '', '']]);
    sheet.getRange('A1:D1').merge().setFontSize(16).setFontWeight('bold').setHorizontalAlignment('center');
    sheet.getRange('A2').setValue(0.5).setFontStyle('italic').setWrap(true);
    sheet.setRowHeight(1, 36);
    const file = join(p.dataDir, 'styles.xlsx');
    await exportXlsx(p.rt.data, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const ws = book.getWorksheet('Meta')!;
    expect(ws.getCell('A1').isMerged && ws.getCell('D1').isMerged).toBe(true);
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 16 });
    expect(ws.getCell('A1').alignment).toMatchObject({ horizontal: 'center' });
    expect(ws.getCell('A2').font).toMatchObject({ italic: true });
    expect(ws.getCell('A2').alignment).toMatchObject({ wrapText: true });
    expect(ws.getRow(1).height).toBe(27);
  });

  function decorate(): void {
    sheet.getRange('A1:D1').setValues([['Item', 'Amount', 'Due', 'Done']]);
    sheet.setFrozenRows(1);
    sheet.getRange('A2:D2').setValues([['Rent', 1250.5, new Date('2026-03-05T12:00:00Z'), false]]);
    sheet.getRange('B2:B100').setNumberFormat('#,##0.00');
    sheet.getRange('C2:C100').setNumberFormat('yyyy-mm-dd');
    sheet
      .getRange('A2:A100')
      .setDataValidation(
        app.newDataValidation().requireValueInList(['Rent', 'Food']).setAllowInvalid(false).setHelpText('Pick one').build(),
      );
    sheet.getRange('B2:B100').setDataValidation(app.newDataValidation().requireNumberBetween(0, 5000).build());
    sheet.getRange('C2:C100').setDataValidation(app.newDataValidation().requireDate().build());
    sheet.getRange('D2:D3').insertCheckboxes();
    sheet.setConditionalFormatRules([
      app
        .newConditionalFormatRule()
        .whenNumberGreaterThan(1000)
        .setBackground('#ff0000')
        .setRanges([sheet.getRange('B2:B100')])
        .build(),
      app
        .newConditionalFormatRule()
        .whenTextContains('Rent')
        .setBold(true)
        .setRanges([sheet.getRange('A2:A100')])
        .build(),
      app
        .newConditionalFormatRule()
        .whenFormulaSatisfied('=$D2=TRUE')
        .setFontColor('#888888')
        .setRanges([sheet.getRange('A2:D100')])
        .build(),
    ]);
    sheet.getRange('A1:D1').setBackground('#cfe2f3').setFontColor('#1155cc');
    sheet.setColumnWidth(1, 210);
    sheet.getRange('D2:D100').protect().setDescription('Checked by the coach');
    sheet.protect().setDescription('Read only');
  }

  it('exports number formats, validation, conditional formatting, styles, protection and the frozen header', async () => {
    decorate();
    const file = join(p.dataDir, 'meta.xlsx');
    await exportXlsx(p.rt.data, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const ws = book.getWorksheet('Meta')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('A1').fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFCFE2F3' } });
    expect(ws.getCell('A1').font?.color).toMatchObject({ argb: 'FF1155CC' });
    expect(ws.getCell('B2').numFmt).toBe('#,##0.00');
    expect(ws.getCell('C2').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('A2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"Rent,Food"'],
      showErrorMessage: true,
      prompt: 'Pick one',
    });
    expect(ws.getCell('A50').dataValidation).toMatchObject({ type: 'list' });
    expect(ws.getCell('B2').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 5000] });
    expect(ws.getCell('C2').dataValidation).toMatchObject({ type: 'date' });
    expect(ws.getCell('D3').dataValidation).toMatchObject({ type: 'list', formulae: ['"TRUE,FALSE"'] });
    expect(ws.getCell('D3').value).toBe(false);
    // exceljs reads these back but does not type them.
    const read = ws as unknown as {
      conditionalFormattings: ExcelJS.ConditionalFormattingOptions[];
      sheetProtection?: Record<string, unknown>;
    };
    const cf = read.conditionalFormattings.map((c) => ({ ref: c.ref, rule: c.rules[0] }));
    expect(cf).toMatchObject([
      { ref: 'B2:B100', rule: { type: 'cellIs', operator: 'greaterThan', formulae: ['1000'] } },
      { ref: 'A2:A100', rule: { type: 'expression', formulae: ['NOT(ISERROR(SEARCH("Rent",A2)))'] } },
      { ref: 'A2:D100', rule: { type: 'expression', formulae: ['$D2=TRUE'] } },
    ]);
    expect(ws.getColumn(1).width).toBe(30);
    expect(read.sheetProtection).toMatchObject({ sheet: true });
    expect(String(ws.getCell('D2').note)).toContain('Protected range D2:D100: Checked by the coach');
    // What was exported before is still exported.
    expect(book.getWorksheet('Sessions')!.getRow(1).getCell(1).value).toBe('session_id');
  });

  it("exports a date rule as DATE() of the day in the spreadsheet's time zone", async () => {
    app.getActiveSpreadsheet().setSpreadsheetTimeZone('America/New_York');
    const evening = new Date('2026-03-05T03:00:00Z'); // 10 pm on 4 March in New York
    sheet.setConditionalFormatRules([
      app
        .newConditionalFormatRule()
        .whenDateBefore(evening)
        .setBackground('#ff0000')
        .setRanges([sheet.getRange('C2:C100')])
        .build(),
    ]);
    const file = join(p.dataDir, 'dates.xlsx');
    await exportXlsx(p.rt.data, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const read = book.getWorksheet('Meta') as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] };
    expect(read.conditionalFormattings.map((c) => c.rules[0])).toMatchObject([
      { type: 'cellIs', operator: 'lessThan', formulae: ['DATE(2026,3,4)'] },
    ]);
  });

  it('keeps all of it across a restart', async () => {
    decorate();
    await p.rt.close();
    const rt = new Runtime({ dataDir: p.dataDir, codeFile: CODE_FILE, webAppUrl: WEB_APP_URL });
    p = { ...p, rt };
    const again = appOver(rt).getActiveSpreadsheet().getSheetByName('Meta')!;
    expect(again.getFrozenRows()).toBe(1);
    expect(again.getRange('B2:C2').getDisplayValues()).toEqual([['1,250.50', '2026-03-05']]);
    expect(String(again.getRange('A7').getDataValidation()!.getCriteriaType())).toBe('VALUE_IN_LIST');
    expect(thrown(() => again.getRange('A7').setValue('Toys'))).toContain('cell A7 violates');
    expect(again.getConditionalFormatRules().map((r) => String(r.getBooleanCondition().getCriteriaType()))).toEqual([
      'NUMBER_GREATER_THAN',
      'TEXT_CONTAINS',
      'CUSTOM_FORMULA',
    ]);
    expect(again.getProtections(SpreadsheetAppEnum(rt).RANGE).map((x) => x.getDescription())).toEqual(['Checked by the coach']);
    expect(again.getProtections(SpreadsheetAppEnum(rt).SHEET).map((x) => x.getDescription())).toEqual(['Read only']);
    expect(again.getRange('A1').getBackground()).toBe('#cfe2f3');
    expect(again.getColumnWidth(1)).toBe(210);
  });
});

function SpreadsheetAppEnum(rt: Runtime) {
  return appOver(rt).ProtectionType;
}
