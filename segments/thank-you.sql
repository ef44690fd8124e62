-- thank-you letter: customers in Japan who bought in the last 7 days, with that purchase (ref; a build skips a purchase already thanked)
SELECT v.*, p.ref, p.product, p.purchased_at, p.amount
FROM customer_view AS v JOIN last_purchase AS p ON p.customer_id = v.id
WHERE p.purchased_at >= date('now', '-7 days') AND (v.country = 'JP' OR v.country IS NULL OR v.country = '')
ORDER BY v.postal_code, v.id;
