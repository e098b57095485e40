// French wording of the service's codes.

export const REASONS = {
  too_short: 'Trop courte', too_long: 'Trop longue', missing_prefix: 'Sans « Il faut »',
  wrong_language: 'Autre langue', incomprehensible: 'Incompréhensible', off_topic: 'Hors sujet', duplicate: 'Doublon',
  toxic: 'Injurieuse ou agressive', personal_data: 'Données personnelles', advertising: 'Publicité', other: 'Autre motif',
  none: 'Rien à signaler',
};

/** r then this key rejects with the reason (the order of the reason codes; 0 is the tenth, o is "other"). */
export const REASON_KEYS = [
  ['1', 'too_short'], ['2', 'too_long'], ['3', 'missing_prefix'], ['4', 'wrong_language'], ['5', 'incomprehensible'],
  ['6', 'off_topic'], ['7', 'duplicate'], ['8', 'toxic'], ['9', 'personal_data'], ['0', 'advertising'], ['o', 'other'],
];

export const STATUSES = {
  queued: 'En file', processing: 'En cours de tri', pending_review: 'À examiner', accepted: 'Acceptée', rejected: 'Refusée',
};

export const OUTCOMES = { accept: 'Acceptée', reject: 'Refusée', undone: 'Annulée', withdrawn: 'Retirée après signalements', erased: 'Effacée' };
export const reasonLabel = (code) => REASONS[code] ?? code;
