/**
 * The reports as CSV with a header row, for the spreadsheets commissioners already use: one
 * row per group, the same figures as the JSON, suppressed cells empty; written by the one CSV
 * writer, which keeps a code such as `-2-3` from running as a formula.
 */
import { CsvCell, spreadsheetCsv } from '../common/spreadsheet-csv';
import type { AttendanceFigures, ContinuityFigures, ContinuityReport } from './continuity-of-care';
import type { HandoverStepsReport } from './handover-steps';

function continuityCells(prefix: string, f: ContinuityFigures): Record<string, CsvCell> {
  return {
    [`${prefix}people`]: f.people,
    [`${prefix}released`]: f.released,
    [`${prefix}engaged`]: f.engaged,
    [`${prefix}not_engaged`]: f.notEngaged,
    [`${prefix}excluded`]: f.excluded.total,
    [`${prefix}excluded_returned_to_custody`]: f.excluded.returnedToCustody,
    [`${prefix}excluded_cancelled`]: f.excluded.cancelled,
    [`${prefix}still_open`]: f.stillOpen,
    [`${prefix}rate`]: f.rate,
    [`${prefix}rate_lower`]: f.interval?.lower ?? null,
    [`${prefix}rate_upper`]: f.interval?.upper ?? null,
    [`${prefix}provisional`]: f.provisional,
    [`${prefix}suppressed`]: f.suppressed,
  };
}

function attendanceCells(prefix: string, f: AttendanceFigures): Record<string, CsvCell> {
  return {
    [`${prefix}recorded`]: f.recorded,
    [`${prefix}attended`]: f.attended,
    [`${prefix}rate`]: f.rate,
    [`${prefix}rate_lower`]: f.interval?.lower ?? null,
    [`${prefix}rate_upper`]: f.interval?.upper ?? null,
    [`${prefix}suppressed`]: f.suppressed,
  };
}

export function continuityCsv(report: ContinuityReport): string {
  const cells = (g: ContinuityReport['total']) => ({
    ...continuityCells('', g.all),
    ...continuityCells('ost_', g.onOst),
    ...attendanceCells('first_appointment_texted_', g.firstAppointment.texted),
    ...attendanceCells('first_appointment_not_texted_', g.firstAppointment.notTexted),
  });
  const rows = report.groups.map((g) => ({ ...g.group, ...cells(g), national_ambition: report.nationalAmbition }));
  const groupColumns = report.groupBy.map((g) => (g === 'community-treatment' ? 'communityTreatment' : g));
  const figureColumns = [...Object.keys(cells(report.total)), 'national_ambition'];
  return spreadsheetCsv(rows, [...groupColumns, ...figureColumns]);
}

export function handoverStepsCsv(report: HandoverStepsReport): string {
  const levels = ['reminder', 'L1', 'L2', 'L3', 'notice'] as const;
  const rows = report.groups.map((g) => ({
    ...g.group,
    due: g.due,
    on_time: g.onTime,
    share_on_time: g.shareOnTime,
    median_late_working_days: g.lateness?.medianWorkingDays ?? null,
    p90_late_working_days: g.lateness?.p90WorkingDays ?? null,
    ...Object.fromEntries(levels.map((l) => [`escalations_${l}`, g.escalations?.[l] ?? null])),
    declined: g.declined,
    did_not_attend: g.didNotAttend,
    suppressed: g.suppressed,
  }));
  const columns = [
    ...report.groupBy,
    'due',
    'on_time',
    'share_on_time',
    'median_late_working_days',
    'p90_late_working_days',
    ...levels.map((l) => `escalations_${l}`),
    'declined',
    'did_not_attend',
    'suppressed',
  ];
  return spreadsheetCsv(rows, columns);
}
