import type { WireRow } from '../../shared/schema';

/** The client's latest preparation answers (Prep tab), read before the debrief. */
export function PrepAnswers({ prep }: { prep: WireRow<'Prep'> }) {
  const rating = typeof prep.progress_rating === 'number' ? prep.progress_rating : null;
  const submitted = prep.submitted_at ? new Date(prep.submitted_at).toLocaleDateString(undefined, { day: 'numeric', month: 'short' }) : '';
  return (
    <div class="prep">
      <h3>Preparation{submitted ? ` (${submitted})` : ''}</h3>
      <dl>
        {prep.wins && (
          <>
            <dt>Wins</dt>
            <dd>{prep.wins}</dd>
          </>
        )}
        {prep.challenges && (
          <>
            <dt>Challenges</dt>
            <dd>{prep.challenges}</dd>
          </>
        )}
        {prep.want_from_next && (
          <>
            <dt>Wants from this session</dt>
            <dd>{prep.want_from_next}</dd>
          </>
        )}
        {rating !== null && (
          <>
            <dt>Progress</dt>
            <dd>
              <span aria-hidden="true">{'●'.repeat(rating) + '○'.repeat(Math.max(0, 5 - rating))}</span> {rating} of 5
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
