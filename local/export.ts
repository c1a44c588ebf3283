// `export`: the workbook as a real .xlsx — every tab, its header row frozen, date cells as dates,
// formulas as formulas (so a test can prove user text never became one).
import ExcelJS from 'exceljs';
import type { Cell, WorkbookData } from './workbook';

function excelValue(cell: Cell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (typeof cell === 'object') return 'd' in cell ? new Date(cell.d) : { formula: cell.f.slice(1) };
  return cell;
}

export async function exportXlsx(data: WorkbookData, file: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.creator = 'FollowThrough local runtime';
  book.title = data.name;
  for (const sheet of data.sheets) {
    const ws = book.addWorksheet(sheet.name, sheet.frozenRows ? { views: [{ state: 'frozen', ySplit: sheet.frozenRows }] } : {});
    sheet.cells.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell === null || cell === undefined) return;
        const target = ws.getCell(r + 1, c + 1);
        target.value = excelValue(cell);
        if (typeof cell === 'object' && 'd' in cell) target.numFmt = 'yyyy-mm-dd hh:mm';
      });
    });
    for (let r = 1; r <= sheet.frozenRows; r++) ws.getRow(r).font = { bold: true };
  }
  await book.xlsx.writeFile(file);
}
