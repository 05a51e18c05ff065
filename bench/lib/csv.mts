/** Registrations as a CSV file in the import's format (docs/api-guide.md: a prison's list of releases). */
const HEADER = ['prisonNumber', 'givenName', 'familyName', 'dateOfBirth', 'prisonCode', 'releaseDate', 'releaseDateType', 'destinationArea', 'treatment.substances', 'treatment.onOst', 'treatment.consentToShare'];

export function csvOfRegistrations(rows: Array<{ prisonNumber: string; givenName: string; familyName: string; dateOfBirth: string; prisonCode: string; releaseDate: string; releaseDateType: string; destinationArea: string; treatment: { substances: string[]; onOst: boolean; consentToShare: boolean } }>): string {
  const lines = rows.map((r) =>
    [r.prisonNumber, r.givenName, r.familyName, r.dateOfBirth, r.prisonCode, r.releaseDate, r.releaseDateType, r.destinationArea, r.treatment.substances.join(';'), r.treatment.onOst, r.treatment.consentToShare].join(','),
  );
  return [HEADER.join(','), ...lines].join('\n') + '\n';
}
