/**
 * The row of annotation colours, as toggle buttons: the toolbar's choice for
 * new marks and a thread's recolour of its own mark use the same picker.
 */
import { annotationColours, type AnnotationColour } from '../../../common/annotations.ts';
import { t } from '../i18n/index.ts';

export function ColourSwatches(props: {
  selected: AnnotationColour;
  onChoose: (colour: AnnotationColour) => void;
  small?: boolean;
  /** Only one picker on a page carries test ids, so `getByTestId` stays unambiguous. */
  testIds?: boolean;
}) {
  return (
    <fieldset className={props.small ? 'annotation-colours annotation-colours--small' : 'annotation-colours'}>
      <legend className="visually-hidden">{t('annotations.colour')}</legend>
      {annotationColours.map((colour) => (
        <button
          key={colour}
          type="button"
          className={`annotation-swatch annotation-colour--${colour}`}
          aria-pressed={props.selected === colour}
          aria-label={t(`annotations.colour.${colour}`)}
          title={t(`annotations.colour.${colour}`)}
          onClick={() => props.onChoose(colour)}
          data-testid={props.testIds ? `annotation-colour-${colour}` : undefined}
        />
      ))}
    </fieldset>
  );
}
