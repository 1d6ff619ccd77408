// 協議の記録 (記3 of the seed notice): consultations between the health department and the
// one-stop center's department. Departments and topics only; never a case or a person.
// Accepts exactly what responses/coordination-record.ts accepts.
import { MAX_CONSULTATIONS } from '../../responses/coordination-record.ts';
import { defineTemplate } from './template.ts';

export const coordinationRecordTemplate = defineTemplate(
	'coordination_record',
	{ ja: '協議の記録', en: 'Coordination record' },
	{
		title: '協議の記録',
		fields: [
			{
				key: 'entries',
				type: 'table',
				label: '協議の記録',
				minRows: 1,
				maxRows: MAX_CONSULTATIONS,
				columns: [
					// A planned meeting may be noted ahead in a draft; a submission reports the past.
					{ key: 'date', type: 'date', label: '日付', noFuture: 'on_submit', required: true },
					{
						key: 'counterpart',
						type: 'short_text',
						label: '協議先',
						maxLength: 200,
						required: true,
						requiredMessage: '協議先の部局を入力してください。'
					},
					{ key: 'topic', type: 'short_text', label: '議題', maxLength: 500, required: true },
					{ key: 'outcome', type: 'long_text', label: '結果', maxLength: 2000 }
				]
			}
		]
	}
);
